package dev.mailroom.eventing.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.mailroom.eventing.TopicReader;
import dev.mailroom.eventing.tracing.TraceContext;
import dev.mailroom.events.EmailStatusChanged;
import dev.mailroom.localstack.testing.KafkaTestClient;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * One trace from the writer to Kafka, on the real database and broker: the outbox row keeps the writer's trace
 * context, the relay publishes under a producer span of that trace, and the record names that span in its
 * {@code traceparent} header and CloudEvents distributed-tracing attribute.
 */
@QuarkusTest
class OutboxTracingTest {

    @Inject
    OutboxWriter writer;

    @Inject
    Tracer tracer;

    @Inject
    InMemorySpanExporter spans;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void shouldContinueTheWritersTraceWhenTheRelayPublishes() {
        String topic = "outbox-trace-" + UUID.randomUUID();
        UUID activityId = UUID.randomUUID();
        EmailStatusChanged event = new EmailStatusChanged(UUID.randomUUID(), Instant.now(), activityId, 3, "<m@x>", 1,
                null);
        Span request = tracer.spanBuilder("request").setSpanKind(SpanKind.SERVER).startSpan();
        try (Scope scope = request.makeCurrent()) {
            QuarkusTransaction.requiringNew().run(() -> writer.append(topic, activityId.toString(),
                    EmailStatusChanged.TYPE, activityId.toString(), event));
        } finally {
            request.end();
        }

        ConsumerRecord<String, String> record = TopicReader.read(bootstrapServers, topic, 1).get(0);
        SpanData publish = awaitSpan(topic + " publish");
        String traceId = request.getSpanContext().getTraceId();
        assertEquals(traceId, publish.getTraceId(), "the relay continues the writer's trace");
        assertEquals(request.getSpanContext().getSpanId(), publish.getParentSpanId());
        assertEquals(SpanKind.PRODUCER, publish.getKind());
        String expected = "00-" + traceId + "-" + publish.getSpanId() + "-01";
        assertEquals(expected, KafkaTestClient.header(record, TraceContext.TRACEPARENT));
        assertEquals(expected, KafkaTestClient.header(record, TraceContext.CE_TRACEPARENT));
    }

    /** Rows of one relay batch from different traces (and none) each continue their own, in row order. */
    @Test
    void shouldContinueEachRowsOwnTraceWithinOneBatch() {
        String topic = "outbox-traces-" + UUID.randomUUID();
        Span first = tracer.spanBuilder("first").startSpan();
        Span second = tracer.spanBuilder("second").startSpan();
        first.end();
        second.end();
        Map<Integer, String> traceparents = Map.of(
                0, TraceContext.fields(Context.root().with(first)).get(TraceContext.TRACEPARENT),
                1, TraceContext.fields(Context.root().with(second)).get(TraceContext.TRACEPARENT),
                2, TraceContext.fields(Context.root().with(first)).get(TraceContext.TRACEPARENT));
        List<EmailStatusChanged> events = List.of(status(0), status(1), status(2), status(3));

        QuarkusTransaction.requiringNew().run(() -> writer.appendAll(topic, EmailStatusChanged.TYPE, events,
                event -> "one-key", event -> traceparents.get(event.deliveryAttempts())));

        List<ConsumerRecord<String, String>> records = TopicReader.read(bootstrapServers, topic, 4);
        List<Span> parents = List.of(first, second, first);
        for (int row = 0; row < 3; row++) {
            String header = KafkaTestClient.header(records.get(row), TraceContext.TRACEPARENT);
            String spanId = header.split("-")[2];
            SpanData publish = awaitSpanWithId(spanId);
            assertEquals(parents.get(row).getSpanContext().getTraceId(), publish.getTraceId(), "row " + row);
            assertEquals(parents.get(row).getSpanContext().getSpanId(), publish.getParentSpanId(), "row " + row);
        }
        assertNull(KafkaTestClient.header(records.get(3), TraceContext.TRACEPARENT), "the untraced row");
    }

    private static EmailStatusChanged status(int row) {
        UUID activityId = UUID.randomUUID();
        return new EmailStatusChanged(UUID.randomUUID(), Instant.now(), activityId, 3, "<m@x>", row, null);
    }

    private SpanData awaitSpanWithId(String spanId) {
        return Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> spans.getFinishedSpanItems().stream()
                .filter(span -> span.getSpanId().equals(spanId)).findFirst().orElse(null), span -> span != null);
    }

    /**
     * A row written in a trace that is not sampled keeps naming that trace (consumers log its id) and records no
     * publish span: the parent-based sampler would drop it.
     */
    @Test
    void shouldPassAnUnsampledTraceOnWithoutAPublishSpan() {
        String topic = "outbox-unsampled-" + UUID.randomUUID();
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String unsampled = "00-" + traceId + "-00f067aa0ba902b7-00";
        List<EmailStatusChanged> events = List.of(status(1));

        QuarkusTransaction.requiringNew().run(() -> writer.appendAll(topic, EmailStatusChanged.TYPE, events,
                event -> "one-key", event -> unsampled));

        ConsumerRecord<String, String> record = TopicReader.read(bootstrapServers, topic, 1).get(0);
        assertEquals(unsampled, KafkaTestClient.header(record, TraceContext.TRACEPARENT));
        assertEquals(unsampled, KafkaTestClient.header(record, TraceContext.CE_TRACEPARENT));
        assertTrue(spans.getFinishedSpanItems().stream().noneMatch(span -> span.getTraceId().equals(traceId)),
                "no span recorded in the unsampled trace");
    }

    @Test
    void shouldPublishWithoutTraceHeadersWhatWasWrittenOutsideATrace() {
        String topic = "outbox-untraced-" + UUID.randomUUID();
        UUID activityId = UUID.randomUUID();
        EmailStatusChanged event = new EmailStatusChanged(UUID.randomUUID(), Instant.now(), activityId, 3, "<m@x>", 1,
                null);

        QuarkusTransaction.requiringNew().run(() -> writer.append(topic, activityId.toString(),
                EmailStatusChanged.TYPE, activityId.toString(), event));

        ConsumerRecord<String, String> record = TopicReader.read(bootstrapServers, topic, 1).get(0);
        assertNull(KafkaTestClient.header(record, TraceContext.TRACEPARENT));
        assertNull(KafkaTestClient.header(record, TraceContext.CE_TRACEPARENT));
    }

    private SpanData awaitSpan(String name) {
        return Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> spans.getFinishedSpanItems().stream()
                .filter(span -> span.getName().equals(name)).findFirst().orElse(null), span -> span != null);
    }
}
