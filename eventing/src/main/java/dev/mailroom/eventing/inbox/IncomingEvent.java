package dev.mailroom.eventing.inbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;

/**
 * A binary-mode CloudEvent read from Kafka (the CloudEvents SDK's Kafka binding): its id, type and subject from the
 * headers, its payload from the JSON value.
 */
public record IncomingEvent<T>(UUID id, String type, String subject, T payload) {

    private static final Logger LOG = Logger.getLogger(IncomingEvent.class);

    /**
     * @throws MalformedEventException when it is no valid CloudEvent (ce_specversion, ce_id, ce_source and ce_type
     *         are required) or its id or payload is unusable; such a record can never succeed
     */
    public static <T> IncomingEvent<T> read(ConsumerRecord<String, String> record, Class<T> payloadType,
            ObjectMapper objectMapper) {
        if (record.value() == null) {
            throw malformed(record, "has no value");
        }
        CloudEvent event;
        try {
            event = KafkaMessageFactory.createReader(record.headers(), record.value().getBytes(StandardCharsets.UTF_8))
                    .toEvent();
        } catch (CloudEventRWException | IllegalStateException e) {
            throw malformed(record, "is not a CloudEvent: " + e.getMessage());
        }
        if (event.getData() == null) {
            throw malformed(record, "has no data");
        }
        try {
            return new IncomingEvent<>(UUID.fromString(event.getId()), event.getType(), event.getSubject(),
                    objectMapper.readValue(event.getData().toBytes(), payloadType));
        } catch (IllegalArgumentException | IOException e) {
            throw malformed(record, "has an unreadable id or payload: " + e.getMessage());
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

    private static MalformedEventException malformed(ConsumerRecord<String, String> record, String problem) {
        return new MalformedEventException("Record " + record.topic() + "/" + record.partition() + "@"
                + record.offset() + " " + problem);
    }

    /** A record that no retry can fix; consumers log and skip it instead of blocking their partition. */
    public static class MalformedEventException extends RuntimeException {
        public MalformedEventException(String message) {
            super(message);
        }
    }
}
