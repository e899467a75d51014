package dev.mailroom.router.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.mailroom.eventing.tracing.TraceContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

/**
 * The consumer span of each pending record ({@code email-pending receive}, a child of the span that published it),
 * made here rather than by the Kafka connector, whose tracing is off on this channel ({@code tracing-enabled=false}).
 * The connector built a span for every record, sampled or not: about a twenty-fifth of the router's CPU in the bulk
 * benchmark (B7, docs/benchmarks.md). A record whose trace is not sampled gets none: the sampler follows the parent's
 * decision (parent-based, eventing's defaults), so that span would record nothing. The SMTP span continues the
 * record's trace either way (SmtpSpans).
 */
@ApplicationScoped
public class PendingSpans {

    private final Tracer tracer;

    public PendingSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    void received(ConsumerRecord<String, String> record) {
        String traceparent = TraceContext.traceparent(record.headers());
        if (traceparent != null && !sampled(traceparent)) {
            return;
        }
        Context parent = traceparent == null ? Context.root()
                : TraceContext.parent(traceparent, TraceContext.tracestate(record.headers()));
        tracer.spanBuilder(record.topic() + " receive")
                .setParent(parent)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "receive")
                .setAttribute("messaging.destination.name", record.topic())
                .setAttribute("messaging.destination.partition.id", String.valueOf(record.partition()))
                .setAttribute("messaging.kafka.offset", record.offset())
                .startSpan()
                .end();
    }

    /**
     * Whether a W3C {@code traceparent} ({@code version-traceid-parentid-flags}) has its sampled flag (bit 0 of the
     * flags) set; one that is not of that shape is left to the tracer to judge.
     */
    static boolean sampled(String traceparent) {
        if (traceparent.length() != 55 || traceparent.charAt(52) != '-') {
            return true;
        }
        int flags = Character.digit(traceparent.charAt(54), 16);
        return flags < 0 || (flags & 1) == 1;
    }
}
