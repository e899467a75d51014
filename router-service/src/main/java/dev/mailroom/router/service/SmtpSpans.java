package dev.mailroom.router.service;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.eventing.tracing.TraceContext;
import dev.mailroom.router.ClaimedSend;
import dev.mailroom.router.config.RouterConfig;
import dev.mailroom.router.mail.SendResult;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;

/**
 * One span per SMTP send, in the email's own trace (the traceparent the pending record brought, kept in the ledger so
 * a retry by any router joins the same trace): the email's path from the Web API to the mail server is one trace.
 */
@ApplicationScoped
public class SmtpSpans {

    private final Tracer tracer;
    private final RouterConfig config;

    public SmtpSpans(Tracer tracer, RouterConfig config) {
        this.tracer = tracer;
        this.config = config;
    }

    Span start(ClaimedSend send) {
        return tracer.spanBuilder("smtp send")
                .setParent(TraceContext.parent(send.traceparent(), null))
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute("mailroom.email.id", send.activityId().toString())
                .setAttribute("mailroom.send.attempt", send.attempt())
                .setAttribute("mailroom.send.resend", send.resend())
                .setAttribute("mailroom.send.takeover", send.takeover())
                .setAttribute("server.address", config.smtp().host())
                .setAttribute("server.port", config.smtp().port())
                .startSpan();
    }

    static void end(Span span, SendResult result) {
        span.setAttribute("mailroom.send.result", result.getClass().getSimpleName().toLowerCase(Locale.ROOT));
        String reason = null;
        if (result instanceof SendResult.Refused refused) {
            reason = refused.reason();
        } else if (result instanceof SendResult.Transient transientFailure) {
            reason = transientFailure.reason();
        } else if (result instanceof SendResult.Unknown unknown) {
            reason = unknown.reason();
        }
        if (reason != null) {
            span.setStatus(StatusCode.ERROR, reason);
        }
        span.end();
    }
}
