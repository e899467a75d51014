package dev.mailroom.eventing.inbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.events.CloudEventHeaders;

/**
 * A binary-mode CloudEvent read from Kafka (the CloudEvents Kafka protocol binding): its id, type and subject from
 * the headers, its payload from the JSON value.
 */
public record IncomingEvent<T>(UUID id, String type, String subject, T payload) {

    private static final Logger LOG = Logger.getLogger(IncomingEvent.class);

    /**
     * @throws MalformedEventException when it is no valid CloudEvent (ce_specversion 1.0, ce_id, ce_source and
     *         ce_type are required) or its id or payload is unusable; such a record can never succeed
     */
    public static <T> IncomingEvent<T> read(ConsumerRecord<String, String> record, Class<T> payloadType,
            ObjectMapper objectMapper) {
        if (record.value() == null) {
            throw malformed(record, "has no value");
        }
        Context context = Context.of(record.headers());
        String missing = context.missing();
        if (missing != null) {
            throw malformed(record, "is not a CloudEvent: " + missing);
        }
        if (record.value().isEmpty()) {
            throw malformed(record, "has no data");
        }
        try {
            return new IncomingEvent<>(UUID.fromString(context.id), context.type, context.subject,
                    objectMapper.readValue(record.value(), payloadType));
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

    /**
     * The context attributes a consumer uses, read in one pass over the headers. Written here instead of taking the
     * CloudEvents SDK's Kafka reader: that builds the whole event for every record (each attribute parsed, ce_time
     * as a timestamp, ce_source as a URI, the data copied to bytes from the String the deserializer made), which was
     * about a tenth of activity-service's CPU while it took a bulk job's emails and status reports (bulk benchmark
     * B7, docs/benchmarks.md). The binding's required attributes are still checked.
     */
    private static final class Context {
        String specVersion;
        String id;
        String source;
        String type;
        String subject;

        static Context of(Headers headers) {
            Context context = new Context();
            for (Header header : headers) {
                switch (header.key()) {
                    case CloudEventHeaders.SPEC_VERSION -> context.specVersion = text(header);
                    case CloudEventHeaders.ID -> context.id = text(header);
                    case CloudEventHeaders.SOURCE -> context.source = text(header);
                    case CloudEventHeaders.TYPE -> context.type = text(header);
                    case CloudEventHeaders.SUBJECT -> context.subject = text(header);
                    default -> {
                        // other attributes and extensions (ce_time, traceparent, ...) are not needed here
                    }
                }
            }
            return context;
        }

        /** The first required attribute that is missing or wrong, or null when there is none. */
        String missing() {
            if (specVersion == null) {
                return "ce_specversion is missing";
            }
            if (!CloudEventHeaders.SPEC_VERSION_1_0.equals(specVersion)) {
                return "ce_specversion " + specVersion + " is not 1.0";
            }
            if (id == null || id.isEmpty()) {
                return "ce_id is missing";
            }
            if (source == null || source.isEmpty()) {
                return "ce_source is missing";
            }
            if (type == null || type.isEmpty()) {
                return "ce_type is missing";
            }
            return null;
        }

        private static String text(Header header) {
            return header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    }

    /** A record that no retry can fix; consumers log and skip it instead of blocking their partition. */
    public static class MalformedEventException extends RuntimeException {
        public MalformedEventException(String message) {
            super(message);
        }
    }
}
