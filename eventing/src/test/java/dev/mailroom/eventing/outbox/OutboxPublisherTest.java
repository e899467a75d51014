package dev.mailroom.eventing.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import dev.mailroom.events.CloudEventHeaders;

class OutboxPublisherTest {

    @Test
    void shouldTurnOutboxRowIntoBinaryModeCloudEvent() {
        OutboxEvent row = row("activity-1");

        ProducerRecord<String, byte[]> record = OutboxPublisher.toRecord(row);

        assertEquals("email-pending", record.topic());
        assertEquals("sender@mailroom.test", record.key());
        assertEquals("{\"a\":1}", new String(record.value(), StandardCharsets.UTF_8));
        assertEquals("1.0", header(record, CloudEventHeaders.SPEC_VERSION));
        assertEquals(row.eventId.toString(), header(record, CloudEventHeaders.ID));
        assertEquals("dev.mailroom.email.pending", header(record, CloudEventHeaders.TYPE));
        assertEquals("/activity-service", header(record, CloudEventHeaders.SOURCE));
        assertEquals("activity-1", header(record, CloudEventHeaders.SUBJECT));
        assertEquals("2026-01-02T03:04:05.123Z", header(record, CloudEventHeaders.TIME));
        assertEquals("application/json", header(record, CloudEventHeaders.CONTENT_TYPE));
        assertEquals(7, record.headers().toArray().length, "the seven headers above and no others");
    }

    @Test
    void shouldLeaveOutSubjectWhenThereIsNone() {
        assertNull(OutboxPublisher.toRecord(row(null)).headers().lastHeader(CloudEventHeaders.SUBJECT));
    }

    private static OutboxEvent row(String subject) {
        OutboxEvent row = new OutboxEvent();
        row.id = 1L;
        row.eventId = UUID.randomUUID();
        row.topic = "email-pending";
        row.messageKey = "sender@mailroom.test";
        row.eventType = "dev.mailroom.email.pending";
        row.source = "/activity-service";
        row.subject = subject;
        row.occurredAt = Instant.parse("2026-01-02T03:04:05.123Z");
        row.payload = "{\"a\":1}";
        return row;
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
