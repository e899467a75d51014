package dev.mailroom.router.messaging;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.eventing.inbox.IncomingEvent;
import dev.mailroom.eventing.tracing.TraceContext;
import dev.mailroom.events.CloudEventHeaders;
import dev.mailroom.events.EmailPending;
import dev.mailroom.router.repository.SendLedger;
import dev.mailroom.router.service.MessageIds;

/**
 * Decides whether a record on the pending topic is an email this router may send: a CloudEvent 1.0 of exactly the
 * EmailPending type with a readable payload. Anything else is rejected with a reason, never guessed at: JSON of
 * another event type can bind to EmailPending's fields by accident.
 */
final class PendingRecords {

    private PendingRecords() {
    }

    /** Either a send for the ledger or the reason the record goes to the dead-letter topic. */
    record Verdict(SendLedger.NewSend send, String rejection) {
    }

    static Verdict read(ConsumerRecord<String, String> record, ObjectMapper objectMapper, String messageIdDomain) {
        String specVersion = header(record, CloudEventHeaders.SPEC_VERSION);
        if (!CloudEventHeaders.SPEC_VERSION_1_0.equals(specVersion)) {
            return reject("ce_specversion is " + specVersion + ", expected " + CloudEventHeaders.SPEC_VERSION_1_0);
        }
        String type = header(record, CloudEventHeaders.TYPE);
        if (!EmailPending.TYPE.equals(type)) {
            return reject("ce_type is " + type + ", expected " + EmailPending.TYPE);
        }
        EmailPending email;
        try {
            email = IncomingEvent.read(record, EmailPending.class, objectMapper).payload();
        } catch (IncomingEvent.MalformedEventException e) {
            return reject(e.getMessage());
        }
        if (email == null || email.activityId() == null) {
            return reject("The EmailPending payload has no activityId");
        }
        return new Verdict(new SendLedger.NewSend(email.activityId(),
                MessageIds.forActivity(email.activityId(), messageIdDomain), record.value(),
                TraceContext.traceparent(record.headers()), email), null);
    }

    private static Verdict reject(String reason) {
        return new Verdict(null, reason);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
