package dev.mailroom.router.service;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.eventing.outbox.OutboxWriter;
import dev.mailroom.events.EmailStatusChanged;
import dev.mailroom.events.Topics;
import dev.mailroom.router.ClaimedSend;
import dev.mailroom.router.RecordedOutcome;
import dev.mailroom.router.SendState;

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

    void reportSending(ClaimedSend send) {
        report(send.activityId(), SENDING, send.messageId(), send.attempt(), null);
    }

    /** Reports a finished email; a RETRY or UNKNOWN row stays Sending and reports nothing. */
    void reportFinished(RecordedOutcome outcome) {
        if (outcome.state() == SendState.SENT || outcome.state() == SendState.FAILED) {
            report(outcome.activityId(), outcome.state() == SendState.SENT ? SENT : FAILED, outcome.messageId(),
                    outcome.attempts(), outcome.state() == SendState.FAILED ? outcome.error() : null);
        }
    }

    private void report(UUID activityId, int statuscode, String messageId, int attempts, String failureReason) {
        EmailStatusChanged event = new EmailStatusChanged(UUID.randomUUID(), Instant.now(), activityId, statuscode,
                messageId, attempts, failureReason);
        String id = activityId.toString();
        outbox.append(Topics.EMAIL_STATUS, id, EmailStatusChanged.TYPE, id, event);
    }
}
