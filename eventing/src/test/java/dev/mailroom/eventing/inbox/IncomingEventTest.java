package dev.mailroom.eventing.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.mailroom.events.CloudEventHeaders;
import dev.mailroom.events.EmailStatusChanged;

class IncomingEventTest {

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());

    @Test
    void shouldReadIdTypeSubjectAndPayloadOfABinaryModeCloudEvent() throws Exception {
        UUID eventId = UUID.randomUUID();
        UUID activityId = UUID.randomUUID();
        String json = mapper.writeValueAsString(new EmailStatusChanged(eventId, Instant.parse("2026-01-02T03:04:05Z"),
                activityId, 3, "<m@x>", 1, null));
        ConsumerRecord<String, String> record = record(json, List.of(
                CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0,
                CloudEventHeaders.ID, eventId.toString(),
                CloudEventHeaders.SOURCE, "/router-service",
                CloudEventHeaders.TYPE, EmailStatusChanged.TYPE,
                CloudEventHeaders.SUBJECT, activityId.toString()));

        IncomingEvent<EmailStatusChanged> event = IncomingEvent.read(record, EmailStatusChanged.class, mapper);

        assertEquals(eventId, event.id());
        assertEquals(EmailStatusChanged.TYPE, event.type());
        assertEquals(activityId.toString(), event.subject());
        assertEquals(activityId, event.payload().activityId());
        assertEquals(3, event.payload().statuscode());
    }

    @Test
    void shouldRefuseRecordWithoutCloudEventHeaders() {
        ConsumerRecord<String, String> record = record("{}", List.of());
        assertThrows(IncomingEvent.MalformedEventException.class,
                () -> IncomingEvent.read(record, EmailStatusChanged.class, mapper));
    }

    @Test
    void shouldRefuseRecordWithoutASource() {
        ConsumerRecord<String, String> record = record("{}", List.of(
                CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0,
                CloudEventHeaders.ID, UUID.randomUUID().toString(),
                CloudEventHeaders.TYPE, EmailStatusChanged.TYPE));
        assertThrows(IncomingEvent.MalformedEventException.class,
                () -> IncomingEvent.read(record, EmailStatusChanged.class, mapper));
    }

    @Test
    void shouldSkipMalformedRecordWhenAskedToReadOrSkip() {
        assertTrue(IncomingEvent.readOrSkip(record("{}", List.of()), EmailStatusChanged.class, mapper).isEmpty());
    }

    @Test
    void shouldRefuseUnreadableIdOrPayload() {
        assertThrows(IncomingEvent.MalformedEventException.class, () -> IncomingEvent.read(
                record("{}", validHeadersWithId("not-a-uuid")), EmailStatusChanged.class, mapper));
        assertThrows(IncomingEvent.MalformedEventException.class, () -> IncomingEvent.read(
                record("{not json", validHeadersWithId(UUID.randomUUID().toString())), EmailStatusChanged.class,
                mapper));
    }

    @Test
    void shouldReadTheAttributesItUsesBesideOthersAndExtensions() {
        UUID eventId = UUID.randomUUID();
        ConsumerRecord<String, String> record = record("{\"activityId\":null,\"statuscode\":6}", List.of(
                "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                CloudEventHeaders.TIME, "2026-01-02T03:04:05.123456Z",
                CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0,
                CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON,
                CloudEventHeaders.TYPE, EmailStatusChanged.TYPE,
                CloudEventHeaders.ID, eventId.toString(),
                "ce_mailroomtenant", "an extension",
                CloudEventHeaders.SOURCE, "/router-service"));

        IncomingEvent<EmailStatusChanged> event = IncomingEvent.read(record, EmailStatusChanged.class, mapper);

        assertEquals(eventId, event.id());
        assertEquals(EmailStatusChanged.TYPE, event.type());
        assertNull(event.subject(), "ce_subject is optional");
        assertEquals(6, event.payload().statuscode());
    }

    @Test
    void shouldRefuseAnotherSpecVersionOrAMissingType() {
        List<String> oldSpec = List.of(CloudEventHeaders.SPEC_VERSION, "0.3", CloudEventHeaders.ID,
                UUID.randomUUID().toString(), CloudEventHeaders.SOURCE, "/tests", CloudEventHeaders.TYPE, "t");
        IncomingEvent.MalformedEventException spec = assertThrows(IncomingEvent.MalformedEventException.class,
                () -> IncomingEvent.read(record("{}", oldSpec), EmailStatusChanged.class, mapper));
        assertTrue(spec.getMessage().contains("ce_specversion 0.3"), spec.getMessage());

        List<String> noType = List.of(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0,
                CloudEventHeaders.ID, UUID.randomUUID().toString(), CloudEventHeaders.SOURCE, "/tests");
        IncomingEvent.MalformedEventException type = assertThrows(IncomingEvent.MalformedEventException.class,
                () -> IncomingEvent.read(record("{}", noType), EmailStatusChanged.class, mapper));
        assertTrue(type.getMessage().contains("ce_type is missing"), type.getMessage());
    }

    @Test
    void shouldRefuseARecordWithoutData() {
        IncomingEvent.MalformedEventException empty = assertThrows(IncomingEvent.MalformedEventException.class,
                () -> IncomingEvent.read(record("", validHeadersWithId(UUID.randomUUID().toString())),
                        EmailStatusChanged.class, mapper));
        assertTrue(empty.getMessage().contains("has no data"), empty.getMessage());
        assertThrows(IncomingEvent.MalformedEventException.class, () -> IncomingEvent.read(
                record(null, validHeadersWithId(UUID.randomUUID().toString())), EmailStatusChanged.class, mapper));
    }

    private static List<String> validHeadersWithId(String id) {
        return List.of(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0, CloudEventHeaders.ID, id,
                CloudEventHeaders.SOURCE, "/tests", CloudEventHeaders.TYPE, "t");
    }

    private static ConsumerRecord<String, String> record(String value, List<String> headerPairs) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>("email-status", 0, 7L, "key", value);
        for (int i = 0; i < headerPairs.size(); i += 2) {
            record.headers().add(headerPairs.get(i), headerPairs.get(i + 1).getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }
}
