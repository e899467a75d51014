package dev.mailroom.eventing.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.mailroom.eventing.TopicReader;
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
    void shouldRefuseAPayloadOverTheConfiguredMaximumAndWriteNothing() {
        UUID activityId = UUID.randomUUID();
        EmailStatusChanged tooBig = new EmailStatusChanged(UUID.randomUUID(), Instant.now(), activityId, 8, "<m@x>",
                1, "x".repeat(5_000));

        assertThrows(IllegalArgumentException.class, () -> QuarkusTransaction.requiringNew().run(() -> writer.append(
                "email-status", activityId.toString(), EmailStatusChanged.TYPE, activityId.toString(), tooBig)));

        assertEquals(0L, outboxRows(tooBig.eventId()));
    }

    private long outboxRows(UUID eventId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM outbox_event WHERE event_id = :id")
                .setParameter("id", eventId).getSingleResult()).longValue());
    }
}
