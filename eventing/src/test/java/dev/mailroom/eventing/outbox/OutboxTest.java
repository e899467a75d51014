package dev.mailroom.eventing.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.eventing.TopicReader;
import dev.mailroom.eventing.tracing.TraceContext;
import dev.mailroom.events.CloudEventHeaders;
import dev.mailroom.events.EmailStatusChanged;
import dev.mailroom.localstack.testing.KafkaTestClient;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** The writer and the relay as a service runs them: append in a transaction, and the event reaches Kafka. */
@QuarkusTest
class OutboxTest {

    @Inject
    OutboxWriter writer;

    @Inject
    EntityManager entityManager;

    @Inject
    OutboxPublisher publisher;

    @Inject
    ObjectMapper objectMapper;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void shouldPublishAnAppendedEventAsACloudEventAfterCommitAndEmptyTheOutbox() {
        String topic = "outbox-app-" + UUID.randomUUID();
        UUID activityId = UUID.randomUUID();
        EmailStatusChanged event = new EmailStatusChanged(UUID.randomUUID(), Instant.parse("2026-01-02T03:04:05Z"),
                activityId, 3, "<m@x>", 1, null);

        QuarkusTransaction.requiringNew().run(() -> writer.append(topic, activityId.toString(),
                EmailStatusChanged.TYPE, activityId.toString(), event));

        ConsumerRecord<String, String> record = TopicReader.read(bootstrapServers, topic, 1).get(0);
        assertEquals(activityId.toString(), record.key());
        assertEquals(event.eventId().toString(), KafkaTestClient.header(record, CloudEventHeaders.ID));
        assertEquals(EmailStatusChanged.TYPE, KafkaTestClient.header(record, CloudEventHeaders.TYPE));
        assertEquals("/eventing-tests", KafkaTestClient.header(record, CloudEventHeaders.SOURCE));
        assertEquals("2026-01-02T03:04:05Z", KafkaTestClient.header(record, CloudEventHeaders.TIME));
        // The delete commits just after the acknowledgement the record above proves.
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> outboxRows(event.eventId()) == 0);
    }

    @Test
    void shouldAppendABatchInOneStatementAndPublishItInOrder() {
        String topic = "outbox-batch-" + UUID.randomUUID();
        UUID activityId = UUID.randomUUID();
        List<EmailStatusChanged> events = List.of(
                new EmailStatusChanged(UUID.randomUUID(), Instant.now(), activityId, 7, "<m@x>", 1, null),
                new EmailStatusChanged(UUID.randomUUID(), Instant.now(), activityId, 3, "<m@x>", 1, null));

        QuarkusTransaction.requiringNew().run(() -> writer.appendAll(topic, EmailStatusChanged.TYPE, events,
                event -> event.activityId().toString()));

        List<ConsumerRecord<String, String>> records = TopicReader.read(bootstrapServers, topic, 2);
        assertEquals(List.of(events.get(0).eventId().toString(), events.get(1).eventId().toString()),
                records.stream().map(record -> KafkaTestClient.header(record, CloudEventHeaders.ID)).toList());
        assertEquals(activityId.toString(), KafkaTestClient.header(records.get(1), CloudEventHeaders.SUBJECT));
        assertEquals(activityId.toString(), records.get(1).key());
    }

    @Test
    void shouldCopyABatchAndPublishEachEventAsWrittenInOrder() throws Exception {
        String topic = "outbox-copy-" + UUID.randomUUID();
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        String traceparent = "00-" + traceId + "-b7ad6b7169203331-01";
        // One key: the topic may have several partitions, and Kafka orders records per partition.
        UUID activityId = UUID.randomUUID();
        // Text a COPY in text or CSV form, or an array literal, would have to escape; microseconds kept.
        List<EmailStatusChanged> events = List.of(
                new EmailStatusChanged(UUID.randomUUID(), Instant.parse("2026-01-02T03:04:05.123456Z"), activityId, 7,
                        "<m@x>", 1, "quote \" back\\slash \\N tab\t line\n\r\u00e9 \ud83d\udce8 comma, end"),
                new EmailStatusChanged(UUID.randomUUID(), Instant.parse("1999-12-31T23:59:59.5Z"), activityId, 3,
                        "<n@x>", 2, null),
                new EmailStatusChanged(UUID.randomUUID(), Instant.now(), activityId, 8, "<m@x>", 3, "550 refused"));

        QuarkusTransaction.requiringNew().run(() -> writer.copyAll(topic, EmailStatusChanged.TYPE, events,
                event -> event.activityId().toString(),
                event -> event.statuscode() == 3 ? null : traceparent));

        List<ConsumerRecord<String, String>> records = TopicReader.read(bootstrapServers, topic, 3);
        for (int i = 0; i < events.size(); i++) {
            EmailStatusChanged event = events.get(i);
            ConsumerRecord<String, String> record = records.get(i);
            assertEquals(event.eventId().toString(), KafkaTestClient.header(record, CloudEventHeaders.ID));
            assertEquals(event.activityId().toString(), record.key());
            assertEquals(event.activityId().toString(), KafkaTestClient.header(record, CloudEventHeaders.SUBJECT));
            assertEquals(EmailStatusChanged.TYPE, KafkaTestClient.header(record, CloudEventHeaders.TYPE));
            assertEquals("/eventing-tests", KafkaTestClient.header(record, CloudEventHeaders.SOURCE));
            assertEquals(event.occurredAt().truncatedTo(ChronoUnit.MICROS),
                    Instant.parse(KafkaTestClient.header(record, CloudEventHeaders.TIME)));
            assertEquals(objectMapper.readTree(objectMapper.writeValueAsString(event)),
                    objectMapper.readTree(record.value()));
            assertEquals(event, objectMapper.readValue(record.value(), EmailStatusChanged.class));
        }
        // The traced rows continue the writer's trace; the untraced one carries none.
        assertTrue(KafkaTestClient.header(records.get(0), TraceContext.TRACEPARENT).contains(traceId));
        assertNull(KafkaTestClient.header(records.get(1), TraceContext.TRACEPARENT));
        assertTrue(KafkaTestClient.header(records.get(2), TraceContext.TRACEPARENT).contains(traceId));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> outboxRows(events.get(2).eventId()) == 0);
    }

    @Test
    void shouldLeaveNoCopiedRowWhenTheTransactionRollsBack() {
        UUID activityId = UUID.randomUUID();
        EmailStatusChanged event = new EmailStatusChanged(UUID.randomUUID(), Instant.now(), activityId, 3, "<m@x>",
                1, null);

        // The copy runs on the transaction's own connection: the rollback takes its rows with it.
        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            writer.copyAll("email-status", EmailStatusChanged.TYPE, List.of(event),
                    e -> e.activityId().toString(), e -> null);
            assertEquals(1L, outboxRowsInCurrentTransaction(event.eventId()));
            throw new IllegalStateException("the change the event describes failed");
        }));

        assertEquals(0L, outboxRows(event.eventId()));
    }

    @Test
    void shouldRefuseACopiedBatchWithAPayloadOverTheMaximumAndWriteNoneOfIt() {
        UUID activityId = UUID.randomUUID();
        EmailStatusChanged fits = new EmailStatusChanged(UUID.randomUUID(), Instant.now(), activityId, 3, "<m@x>",
                1, null);
        EmailStatusChanged tooBig = new EmailStatusChanged(UUID.randomUUID(), Instant.now(), activityId, 8, "<m@x>",
                1, "x".repeat(5_000));

        assertThrows(IllegalArgumentException.class, () -> QuarkusTransaction.requiringNew().run(() -> writer.copyAll(
                "email-status", EmailStatusChanged.TYPE, List.of(fits, tooBig), e -> e.activityId().toString(),
                e -> null)));

        assertEquals(0L, outboxRows(fits.eventId()));
        assertEquals(0L, outboxRows(tooBig.eventId()));
    }

    @Test
    void shouldRefuseAPayloadOverTheConfiguredMaximumAndWriteNothing() {
        UUID activityId = UUID.randomUUID();
        EmailStatusChanged tooBig = new EmailStatusChanged(UUID.randomUUID(), Instant.now(), activityId, 8, "<m@x>",
                1, "x".repeat(5_000));

        assertThrows(IllegalArgumentException.class, () -> QuarkusTransaction.requiringNew().run(() -> writer.append(
                "email-status", activityId.toString(), EmailStatusChanged.TYPE, activityId.toString(), tooBig)));

        assertEquals(0L, outboxRows(tooBig.eventId()));
    }

    @Test
    void shouldPublishEventsWithoutARowAsTheRelayWouldAndFailOnARefusal() throws Exception {
        String topic = "outbox-unwritten-" + UUID.randomUUID();
        UUID activityId = UUID.randomUUID();
        EmailStatusChanged event = new EmailStatusChanged(UUID.randomUUID(), Instant.parse("2026-01-02T03:04:05Z"),
                activityId, 3, "<m@x>", 1, null);
        List<OutboxEvent> rows = writer.unwritten(topic, EmailStatusChanged.TYPE, List.of(event),
                sent -> sent.activityId().toString(), sent -> null);

        publisher.publish(rows).get(30, TimeUnit.SECONDS);

        ConsumerRecord<String, String> record = TopicReader.read(bootstrapServers, topic, 1).get(0);
        assertEquals(activityId.toString(), record.key());
        assertEquals(event.eventId().toString(), KafkaTestClient.header(record, CloudEventHeaders.ID));
        assertEquals(activityId.toString(), KafkaTestClient.header(record, CloudEventHeaders.SUBJECT));
        assertEquals("/eventing-tests", KafkaTestClient.header(record, CloudEventHeaders.SOURCE));
        assertEquals(event, objectMapper.readValue(record.value(), EmailStatusChanged.class));
        assertEquals(0L, outboxRows(event.eventId()), "nothing was written to the outbox");

        // A row no CloudEvent can be made of: the future fails rather than completing as if the broker had it.
        OutboxEvent broken = writer.unwritten(topic, EmailStatusChanged.TYPE, List.of(event),
                sent -> sent.activityId().toString(), sent -> null).get(0);
        broken.source = "not a uri";
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> publisher.publish(List.of(broken)).get(30, TimeUnit.SECONDS));
        assertTrue(refused.getCause() instanceof InvalidRecordException, refused.toString());
    }

    private long outboxRows(UUID eventId) {
        return QuarkusTransaction.requiringNew().call(() -> outboxRowsInCurrentTransaction(eventId));
    }

    private long outboxRowsInCurrentTransaction(UUID eventId) {
        return ((Number) entityManager.createNativeQuery("SELECT count(*) FROM outbox_event WHERE event_id = :id")
                .setParameter("id", eventId).getSingleResult()).longValue();
    }
}
