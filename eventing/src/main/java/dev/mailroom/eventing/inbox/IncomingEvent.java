package dev.mailroom.eventing.inbox;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.events.CloudEventHeaders;

/** A binary-mode CloudEvent read from Kafka: its id and type from the headers, its payload from the JSON value. */
public record IncomingEvent<T>(UUID id, String type, String subject, T payload) {

    private static final Logger LOG = Logger.getLogger(IncomingEvent.class);

    /**
     * @throws MalformedEventException when headers or payload are unusable; such a record can never succeed
     */
    public static <T> IncomingEvent<T> read(ConsumerRecord<String, String> record, Class<T> payloadType,
            ObjectMapper objectMapper) {
        String id = header(record, CloudEventHeaders.ID);
        String type = header(record, CloudEventHeaders.TYPE);
        if (id == null || type == null || record.value() == null) {
            throw new MalformedEventException("Record " + record.topic() + "/" + record.partition() + "@"
                    + record.offset() + " is not a CloudEvent (ce_id, ce_type and a value are required)");
        }
        try {
            return new IncomingEvent<>(UUID.fromString(id), type, header(record, CloudEventHeaders.SUBJECT),
                    objectMapper.readValue(record.value(), payloadType));
        } catch (IllegalArgumentException | JsonProcessingException e) {
            throw new MalformedEventException("Record " + record.topic() + "/" + record.partition() + "@"
                    + record.offset() + " has an unreadable id or payload: " + e.getMessage());
        }
    }

    /**
     * Reads the record, or logs and returns empty when it is malformed: such a record can never succeed, so a
     * consumer skips it rather than block its partition behind it.
     */
    public static <T> Optional<IncomingEvent<T>> readOrSkip(ConsumerRecord<String, String> record,
            Class<T> payloadType, ObjectMapper objectMapper) {
        try {
            return Optional.of(read(record, payloadType, objectMapper));
        } catch (MalformedEventException e) {
            LOG.errorf("Skipping a malformed event: %s", e.getMessage());
            return Optional.empty();
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** A record that no retry can fix; consumers log and skip it instead of blocking their partition. */
    public static class MalformedEventException extends RuntimeException {
        public MalformedEventException(String message) {
            super(message);
        }
    }
}
