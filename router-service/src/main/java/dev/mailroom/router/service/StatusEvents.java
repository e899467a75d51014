package dev.mailroom.router.service;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.eventing.outbox.OutboxWriter;
import dev.mailroom.events.EmailStatusChanged;
import dev.mailroom.events.Topics;
import dev.mailroom.router.SendLedgerEntry;

/** Status reports to activity-service, written to the outbox in the ledger's transaction. */
@ApplicationScoped
public class StatusEvents {

    /** Dataverse statuscodes a router reports. */
    static final int SENDING = 7;
    static final int SENT = 3;
    static final int FAILED = 8;

    private final OutboxWriter outbox;

    public StatusEvents(OutboxWriter outbox) {
        this.outbox = outbox;
    }

    void report(SendLedgerEntry entry, int statuscode, Instant at, String failureReason) {
        EmailStatusChanged event = new EmailStatusChanged(UUID.randomUUID(), at, entry.activityId, statuscode,
                entry.messageId, entry.attempts, failureReason);
        String id = entry.activityId.toString();
        outbox.append(Topics.EMAIL_STATUS, id, EmailStatusChanged.TYPE, id, event);
    }
}
