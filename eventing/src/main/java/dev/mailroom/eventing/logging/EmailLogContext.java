package dev.mailroom.eventing.logging;

import java.util.UUID;

import org.jboss.logging.MDC;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/**
 * Names one email on every log line written while it is open: the MDC field {@code emailId}, and the trace it
 * travels in ({@code traceId}, {@code spanId}), so that the JSON log of the prod profile lets an operator find every
 * line about an email and jump to its trace.
 *
 * <p>Quarkus fills {@code traceId}/{@code spanId} itself only on Vert.x contexts (a REST request, a Kafka message on
 * the event loop); on worker and scheduler threads this puts them from the current span, and takes them away again
 * on close. Fields that were already there are left as they were.
 *
 * <pre>{@code try (EmailLogContext context = EmailLogContext.open(emailId)) { LOG.info("..."); }}</pre>
 */
public final class EmailLogContext implements AutoCloseable {

    public static final String EMAIL_ID = "emailId";
    public static final String TRACE_ID = "traceId";
    public static final String SPAN_ID = "spanId";

    private final Object previousEmailId;
    private final boolean putTrace;

    private EmailLogContext(Object previousEmailId, boolean putTrace) {
        this.previousEmailId = previousEmailId;
        this.putTrace = putTrace;
    }

    /** Puts the email's id, and the current span's ids where no trace is named yet, into the MDC. */
    public static EmailLogContext open(UUID emailId) {
        Object previous = MDC.get(EMAIL_ID);
        MDC.put(EMAIL_ID, emailId.toString());
        SpanContext span = Span.current().getSpanContext();
        boolean putTrace = span.isValid() && MDC.get(TRACE_ID) == null;
        if (putTrace) {
            MDC.put(TRACE_ID, span.getTraceId());
            MDC.put(SPAN_ID, span.getSpanId());
        }
        return new EmailLogContext(previous, putTrace);
    }

    @Override
    public void close() {
        if (previousEmailId == null) {
            MDC.remove(EMAIL_ID);
        } else {
            MDC.put(EMAIL_ID, previousEmailId);
        }
        if (putTrace) {
            MDC.remove(TRACE_ID);
            MDC.remove(SPAN_ID);
        }
    }
}
