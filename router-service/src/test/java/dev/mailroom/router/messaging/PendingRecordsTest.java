package dev.mailroom.router.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectReader;

import dev.mailroom.eventing.inbox.IncomingEvent;
import dev.mailroom.events.CloudEventHeaders;
import dev.mailroom.events.EmailPending;
import dev.mailroom.router.support.PendingEvents;

/**
 * The pending topic's records, checked header by header without the CloudEvents SDK: each must be accepted or
 * rejected exactly as the SDK's reader (eventing's {@code IncomingEvent}) would decide, and an accepted one carries
 * the record's own payload and trace.
 */
class PendingRecordsTest {

    private static final ObjectReader READER = PendingEvents.MAPPER.readerFor(EmailPending.class);
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void shouldAcceptAPendingEmailWithItsPayloadAndTrace() {
        UUID activityId = UUID.randomUUID();
        String json = PendingEvents.json(PendingEvents.pending(activityId, "r@example.com"));
        ConsumerRecord<String, String> record = record(json, headers(Map.of("traceparent", TRACEPARENT)));

        PendingRecords.Verdict verdict = PendingRecords.read(record, READER, "mailroom.local");

        assertNull(verdict.rejection());
        assertEquals(activityId, verdict.send().activityId());
        assertEquals("<" + activityId + "@mailroom.local>", verdict.send().messageId());
        assertSame(json, verdict.send().payload(), "the record's value is what the ledger keeps");
        assertEquals(TRACEPARENT, verdict.send().traceparent());
        assertEquals("r@example.com", verdict.send().email().to().get(0));
    }

    @Test
    void shouldDecideEveryRecordAsEventingsReaderDoes() {
        String json = PendingEvents.json(PendingEvents.pending(UUID.randomUUID(), "r@example.com"));
        Map<String, ConsumerRecord<String, String>> cases = new LinkedHashMap<>();
        cases.put("complete", record(json, headers(Map.of())));
        cases.put("with a time", record(json, headers(Map.of(CloudEventHeaders.TIME, "2026-11-28T08:00:00Z"))));
        cases.put("a bad time", record(json, headers(Map.of(CloudEventHeaders.TIME, "yesterday"))));
        cases.put("no id", record(json, headers(Map.of(CloudEventHeaders.ID, ""))));
        cases.put("an id not a UUID", record(json, headers(Map.of(CloudEventHeaders.ID, "42"))));
        cases.put("no source", record(json, headers(Map.of(CloudEventHeaders.SOURCE, ""))));
        cases.put("a source not a URI", record(json, headers(Map.of(CloudEventHeaders.SOURCE, "a b\\c"))));
        cases.put("no type", record(json, headers(Map.of(CloudEventHeaders.TYPE, ""))));
        cases.put("no value", record(null, headers(Map.of())));
        cases.put("broken JSON", record("{broken", headers(Map.of())));
        cases.put("JSON of the wrong shape", record("[1, 2]", headers(Map.of())));
        List<String> disagreements = new ArrayList<>();
        cases.forEach((name, record) -> {
            boolean eventingAccepts = eventingAccepts(record);
            PendingRecords.Verdict verdict = PendingRecords.read(record, READER, "mailroom.local");
            if (eventingAccepts != (verdict.send() != null)) {
                disagreements.add(name + ": eventing " + (eventingAccepts ? "accepts" : "rejects") + ", the router "
                        + (verdict.send() != null ? "accepts" : "rejects: " + verdict.rejection()));
            }
        });
        assertEquals(List.of(), disagreements);
        assertNotNull(PendingRecords.read(cases.get("complete"), READER, "d").send());
        // Attributes no consumer reads do not make an email unsendable.
        assertNotNull(PendingRecords.read(cases.get("a bad time"), READER, "d").send());
        assertNotNull(PendingRecords.read(cases.get("a source not a URI"), READER, "d").send());
        assertEquals("Record email-pending/0@7 is not a usable CloudEvent: ce_id 42 is not a UUID",
                PendingRecords.read(cases.get("an id not a UUID"), READER, "d").rejection());
    }

    @Test
    void shouldRejectOtherTypesAndVersionsWithTheReason() {
        String json = PendingEvents.json(PendingEvents.pending(UUID.randomUUID(), "r@example.com"));

        assertEquals("ce_type is dev.mailroom.email.created, expected " + EmailPending.TYPE, PendingRecords.read(
                record(json, headers(Map.of(CloudEventHeaders.TYPE, "dev.mailroom.email.created"))), READER, "d")
                .rejection());
        assertEquals("ce_specversion is 0.3, expected 1.0", PendingRecords.read(
                record(json, headers(Map.of(CloudEventHeaders.SPEC_VERSION, "0.3"))), READER, "d").rejection());
        assertEquals("ce_specversion is null, expected 1.0",
                PendingRecords.read(record(json, new RecordHeaders()), READER, "d").rejection());
        assertEquals("The EmailPending payload has no activityId",
                PendingRecords.read(record("{}", headers(Map.of())), READER, "d").rejection());
    }

    private static boolean eventingAccepts(ConsumerRecord<String, String> record) {
        try {
            EmailPending email = IncomingEvent.read(record, EmailPending.class, PendingEvents.MAPPER).payload();
            return email != null && email.activityId() != null;
        } catch (IncomingEvent.MalformedEventException e) {
            return false;
        }
    }

    /** A binary-mode EmailPending's headers; an entry of {@code changes} replaces one, an empty value drops it. */
    private static RecordHeaders headers(Map<String, String> changes) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
        values.put(CloudEventHeaders.ID, UUID.randomUUID().toString());
        values.put(CloudEventHeaders.TYPE, EmailPending.TYPE);
        values.put(CloudEventHeaders.SOURCE, "/activity-service");
        values.put(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        values.putAll(changes);
        RecordHeaders headers = new RecordHeaders();
        values.forEach((name, value) -> {
            if (!value.isEmpty()) {
                headers.add(name, value.getBytes(StandardCharsets.UTF_8));
            }
        });
        return headers;
    }

    private static ConsumerRecord<String, String> record(String value, RecordHeaders headers) {
        return new ConsumerRecord<>("email-pending", 0, 7L, 0L, TimestampType.CREATE_TIME, 0, 0, "key", value,
                headers, java.util.Optional.empty());
    }
}
