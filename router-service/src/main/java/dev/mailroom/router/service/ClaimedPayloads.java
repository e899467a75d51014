package dev.mailroom.router.service;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.events.EmailPending;
import dev.mailroom.router.ClaimedSend;

/**
 * The EmailPending of each send in a batch, read once. A fresh claim brings the payload its Kafka record was already
 * parsed into (to check its type and id); a retry or takeover brings only the ledger's JSON copy, read here. Reading
 * a 2 KiB body three times per email (consumer, routing, MIME) was the JSON parser's share of the throughput profile.
 */
final class ClaimedPayloads {

    private final Map<UUID, EmailPending> parsed;
    private final ObjectMapper objectMapper;

    ClaimedPayloads(Map<UUID, EmailPending> parsed, ObjectMapper objectMapper) {
        // Routing reads every send of the batch first; the SMTP threads then only look up, concurrently.
        this.parsed = new ConcurrentHashMap<>(parsed);
        this.objectMapper = objectMapper;
    }

    /** The send's email, or empty when the ledger's copy cannot be read (the send is then refused). */
    Optional<EmailPending> of(ClaimedSend send) {
        return Optional.ofNullable(parsed.computeIfAbsent(send.activityId(), id -> read(send)));
    }

    /** Why the ledger's copy of this send cannot be read. */
    String unreadable(ClaimedSend send) {
        try {
            objectMapper.readValue(send.payload(), EmailPending.class);
            return "The ledger's copy of the email is incomplete";
        } catch (Exception e) {
            return "The ledger's copy of the email is unreadable: " + e.getMessage();
        }
    }

    /** Null when unreadable: nothing is remembered, and the caller refuses the send. */
    private EmailPending read(ClaimedSend send) {
        try {
            return objectMapper.readValue(send.payload(), EmailPending.class);
        } catch (Exception e) {
            return null;
        }
    }
}
