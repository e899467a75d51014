package dev.mailroom.endtoend.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.mailroom.endtoend.observability.OtlpReceiver.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;

/**
 * One email's path is one trace, across processes: activity-service and router-service export their spans over OTLP
 * (the configuration an operator sets, here to a receiver the test runs), and the Web API request, the outbox's
 * publish to Kafka, the router's consume of the pending record and its SMTP send all carry one trace id. The JSON log
 * lines of both services about that email name the email and that same trace.
 */
class EmailTraceTest {

    /** Every span sampled and exported. */
    @RegisterExtension
    static final CollectedEmailPath PATH = new CollectedEmailPath("email-trace",
            Map.of("quarkus.otel.traces.sampler.arg", "1.0"));

    @Test
    void shouldFollowOneEmailFromTheWebApiToTheSmtpServerInOneTrace() throws Exception {
        UUID id = OneEmail.createAndSend(PATH.platform().activityUrl(), PATH.platform().administratorToken());

        ReceivedSpan smtp = awaitSpan(span -> "router-service".equals(span.service())
                && span.name().equals("smtp send") && id.toString().equals(span.attributes().get("mailroom.email.id")));
        String traceId = smtp.traceId();
        assertEquals(SpanKind.SPAN_KIND_CLIENT, smtp.kind());

        ReceivedSpan request = awaitSpan(span -> span.traceId().equals(traceId)
                && "activity-service".equals(span.service()) && span.kind() == SpanKind.SPAN_KIND_SERVER);
        assertTrue(request.attributes().values().stream().anyMatch(value -> value.contains("SendEmail")),
                "the Web API span is the SendEmail request: " + request);
        assertEquals("", request.parentSpanId(), "the trace starts at the Web API request");

        ReceivedSpan publish = awaitSpan(span -> span.traceId().equals(traceId)
                && "activity-service".equals(span.service()) && span.kind() == SpanKind.SPAN_KIND_PRODUCER
                && span.name().equals("email-pending publish"));
        ReceivedSpan consume = awaitSpan(span -> span.traceId().equals(traceId)
                && "router-service".equals(span.service()) && span.kind() == SpanKind.SPAN_KIND_CONSUMER);
        assertEquals(publish.spanId(), consume.parentSpanId(), "the router consumes the record the outbox published");
        assertEquals(publish.spanId(), smtp.parentSpanId(), "the SMTP send continues the published record's trace");
        // The publish span's parent is the SendEmail request's context, kept in the outbox row with the event.
        ReceivedSpan writer = awaitSpan(span -> span.spanId().equals(publish.parentSpanId()));
        assertEquals(traceId, writer.traceId());
        assertEquals("activity-service", writer.service());

        assertLogged("activity-service", id, traceId);
        assertLogged("router-service", id, traceId);
    }

    private void assertLogged(String service, UUID id, String traceId) throws Exception {
        List<LogLines.Line> aboutEmail = PATH.awaitLinesAbout(service, id);
        for (LogLines.Line line : aboutEmail) {
            assertEquals(traceId, line.traceId(), service + " logs the email's trace id: " + line.json());
            for (String key : List.of("timestamp", "level", "loggerName", "threadName", "message")) {
                assertTrue(line.json().has(key), service + "'s line has " + key + ": " + line.json());
            }
            // The same on every line of a process, or empty: left out (deploy/README.md, "Logs").
            for (String key : List.of("sequence", "loggerClassName", "ndc", "hostName", "processName", "processId",
                    "threadId")) {
                assertFalse(line.json().has(key), service + "'s line leaves out " + key + ": " + line.json());
            }
        }
        assertFalse(aboutEmail.isEmpty());
    }

    private static ReceivedSpan awaitSpan(Predicate<ReceivedSpan> wanted) {
        try {
            return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> PATH.collector().spans().stream().filter(wanted).findFirst().orElse(null),
                            span -> span != null);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no such span among " + PATH.collector().spans(), e);
        }
    }
}
