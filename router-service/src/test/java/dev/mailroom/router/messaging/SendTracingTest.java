package dev.mailroom.router.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.mailroom.events.CloudEventHeaders;
import dev.mailroom.events.EmailPending;
import dev.mailroom.events.Topics;
import dev.mailroom.localstack.testing.KafkaTestClient;
import dev.mailroom.router.support.PendingEvents;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A pending email published in a trace (as activity-service's outbox relay publishes it) is sent in that trace: the
 * SMTP send is a span of it, and the status reports continue it on Kafka. Real broker, database and SMTP server.
 */
@QuarkusTest
class SendTracingTest {

    @Inject
    InMemorySpanExporter spans;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void shouldSendAnEmailAsASpanOfItsOwnTraceAndReportItInThatTrace() {
        HexFormat hex = HexFormat.of();
        String traceId = hex.formatHex(randomBytes(16));
        String publishSpanId = hex.formatHex(randomBytes(8));
        UUID activityId = UUID.randomUUID();
        EmailPending email = PendingEvents.pending(activityId, "traced-" + activityId + "@example.com");
        RecordHeaders headers = new RecordHeaders();
        header(headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
        header(headers, CloudEventHeaders.ID, UUID.randomUUID().toString());
        header(headers, CloudEventHeaders.TYPE, EmailPending.TYPE);
        header(headers, CloudEventHeaders.SOURCE, "/activity-service");
        header(headers, "traceparent", "00-" + traceId + "-" + publishSpanId + "-01");
        PendingEvents events = new PendingEvents(bootstrapServers);
        events.kafka().publish(new ProducerRecord<>(Topics.EMAIL_PENDING, null, activityId.toString(),
                PendingEvents.json(email), headers));

        SpanData send = Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> spans.getFinishedSpanItems()
                .stream().filter(span -> span.getName().equals("smtp send") && activityId.toString()
                        .equals(span.getAttributes().get(AttributeKey.stringKey("mailroom.email.id"))))
                .findFirst().orElse(null), span -> span != null);
        assertEquals(traceId, send.getTraceId(), "the SMTP send belongs to the email's trace");
        assertEquals(publishSpanId, send.getParentSpanId());
        assertEquals(SpanKind.CLIENT, send.getKind());
        assertEquals("accepted", send.getAttributes().get(AttributeKey.stringKey("mailroom.send.result")));

        ConsumerRecord<String, String> sent = events.awaitStatus(activityId, 3);
        String statusTrace = KafkaTestClient.header(sent, "traceparent");
        assertTrue(statusTrace != null && statusTrace.startsWith("00-" + traceId + "-"),
                "the Sent report continues the trace: " + statusTrace);
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new java.security.SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
