package dev.mailroom.eventing.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.UUID;

import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;

class EmailLogContextTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN_ID = "00f067aa0ba902b7";

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void shouldNameTheEmailAndTheCurrentTraceWhileOpenAndForgetBothAfter() {
        UUID email = UUID.randomUUID();
        try (Scope span = currentSpan(); EmailLogContext context = EmailLogContext.open(email)) {
            assertEquals(email.toString(), MDC.get(EmailLogContext.EMAIL_ID));
            assertEquals(TRACE_ID, MDC.get(EmailLogContext.TRACE_ID));
            assertEquals(SPAN_ID, MDC.get(EmailLogContext.SPAN_ID));
        }
        assertNull(MDC.get(EmailLogContext.EMAIL_ID));
        assertNull(MDC.get(EmailLogContext.TRACE_ID));
        assertNull(MDC.get(EmailLogContext.SPAN_ID));
    }

    @Test
    void shouldLeaveATraceQuarkusNamedAndRestoreAnOuterEmail() {
        MDC.put(EmailLogContext.TRACE_ID, "quarkus-trace");
        MDC.put(EmailLogContext.EMAIL_ID, "outer");
        UUID inner = UUID.randomUUID();
        try (Scope span = currentSpan(); EmailLogContext context = EmailLogContext.open(inner)) {
            assertEquals(inner.toString(), MDC.get(EmailLogContext.EMAIL_ID));
            assertEquals("quarkus-trace", MDC.get(EmailLogContext.TRACE_ID));
        }
        assertEquals("outer", MDC.get(EmailLogContext.EMAIL_ID));
        assertEquals("quarkus-trace", MDC.get(EmailLogContext.TRACE_ID));
    }

    @Test
    void shouldNameNoTraceOutsideOne() {
        try (EmailLogContext context = EmailLogContext.open(UUID.randomUUID())) {
            assertNull(MDC.get(EmailLogContext.TRACE_ID));
        }
    }

    /** A span of a trace that is not sampled: its ids still name the trace in the logs. */
    private static Scope currentSpan() {
        return Span.wrap(SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getDefault(), TraceState.getDefault()))
                .makeCurrent();
    }
}
