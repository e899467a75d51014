package dev.mailroom.router.messaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import com.fasterxml.jackson.databind.ObjectReader;

import dev.mailroom.eventing.tracing.TraceContext;
import dev.mailroom.events.CloudEventHeaders;
import dev.mailroom.events.EmailPending;
import dev.mailroom.router.repository.SendLedger;
import dev.mailroom.router.service.MessageIds;

/**
 * Decides whether a record on the pending topic is an email this router may send: a binary-mode CloudEvent 1.0 of
 * exactly the EmailPending type with a readable payload. Anything else is rejected with a reason, never guessed at:
 * JSON of another event type can bind to EmailPending's fields by accident.
 * <p>
 * The record is checked here, header by header, as eventing's {@code IncomingEvent} checks every other consumer's
 * records (ce_specversion 1.0, ce_id, ce_source and ce_type present, the id a UUID), and the payload is read once,
 * straight from the record's value. Attributes the router never reads are not parsed: a malformed ce_time or a
 * ce_source that is no URI reference does not make the email unsendable, and parsing them for every record (a date
 * and a URI) was about a fortieth of the router's CPU in the bulk benchmark (B8, docs/benchmarks.md). Through the
 * CloudEvents SDK, every record was encoded back to bytes and became a CloudEvent object with every header decoded
 * into a string, only to be read as EmailPending: a per-email cost in the throughput profile.
 */
final class PendingRecords {

    private static final byte[] SPEC_VERSION_1_0 = CloudEventHeaders.SPEC_VERSION_1_0.getBytes(StandardCharsets.UTF_8);
    private static final byte[] PENDING_TYPE = EmailPending.TYPE.getBytes(StandardCharsets.UTF_8);

    private PendingRecords() {
    }

    /** Either a send for the ledger or the reason the record goes to the dead-letter topic. */
    record Verdict(SendLedger.NewSend send, String rejection) {
    }

    /**
     * @param emailReader a reader of {@link EmailPending}, made once (a reader per record would look up the type's
     *        deserializer each time)
     */
    static Verdict read(ConsumerRecord<String, String> record, ObjectReader emailReader, String messageIdDomain) {
        if (!headerIs(record, CloudEventHeaders.SPEC_VERSION, SPEC_VERSION_1_0)) {
            return reject("ce_specversion is " + header(record, CloudEventHeaders.SPEC_VERSION) + ", expected "
                    + CloudEventHeaders.SPEC_VERSION_1_0);
        }
        if (!headerIs(record, CloudEventHeaders.TYPE, PENDING_TYPE)) {
            return reject("ce_type is " + header(record, CloudEventHeaders.TYPE) + ", expected " + EmailPending.TYPE);
        }
        String unusable = unusableContext(record);
        if (unusable != null) {
            return reject(where(record) + " is not a usable CloudEvent: " + unusable);
        }
        if (record.value() == null || record.value().isEmpty()) {
            return reject(where(record) + " has no data");
        }
        EmailPending email;
        try {
            email = emailReader.readValue(record.value());
        } catch (IOException e) {
            return reject(where(record) + " has an unreadable payload: " + e.getMessage());
        }
        if (email == null || email.activityId() == null) {
            return reject("The EmailPending payload has no activityId");
        }
        return new Verdict(new SendLedger.NewSend(email.activityId(),
                MessageIds.forActivity(email.activityId(), messageIdDomain), record.value(),
                TraceContext.traceparent(record.headers()), email), null);
    }

    /** What makes the record's other required context attributes unusable, or null when they are all right. */
    private static String unusableContext(ConsumerRecord<String, String> record) {
        String id = header(record, CloudEventHeaders.ID);
        if (id == null || id.isEmpty()) {
            return "ce_id is missing";
        }
        try {
            UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return "ce_id " + id + " is not a UUID";
        }
        String source = header(record, CloudEventHeaders.SOURCE);
        if (source == null || source.isEmpty()) {
            return "ce_source is missing";
        }
        return null;
    }

    private static Verdict reject(String reason) {
        return new Verdict(null, reason);
    }

    private static String where(ConsumerRecord<String, String> record) {
        return "Record " + record.topic() + "/" + record.partition() + "@" + record.offset();
    }

    /** Compared as bytes: the two headers every record must match need no string of their own. */
    private static boolean headerIs(ConsumerRecord<String, String> record, String name, byte[] expected) {
        Header header = record.headers().lastHeader(name);
        return header != null && Arrays.equals(header.value(), expected);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
