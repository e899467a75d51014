package dev.mailroom.router.service;

import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.events.EmailStatusChanged;
import dev.mailroom.router.ClaimedSend;
import dev.mailroom.router.RecordedOutcome;
import dev.mailroom.router.SendState;
import dev.mailroom.eventing.outbox.OutboxWriter;
import dev.mailroom.events.Topics;

/**
 * Status reports to activity-service, written to the outbox in the ledger's transaction, one statement a batch,
 * keyed by activity id.
 */
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

    void reportSending(List<ClaimedSend> sends) throws SQLException {
        Instant now = Instant.now();
        Map<UUID, String> traces = new HashMap<>();
        sends.forEach(send -> traces.put(send.activityId(), send.traceparent()));
        append(sends.stream()
                .map(send -> event(send.activityId(), SENDING, send.messageId(), send.attempt(), null, now))
                .toList(), traces);
    }

    /** Reports finished emails; a RETRY or UNKNOWN row stays Sending and reports nothing. */
    void reportFinished(List<RecordedOutcome> outcomes) throws SQLException {
        Instant now = Instant.now();
        Map<UUID, String> traces = new HashMap<>();
        outcomes.forEach(outcome -> traces.put(outcome.activityId(), outcome.traceparent()));
        append(outcomes.stream()
                .filter(outcome -> outcome.state() == SendState.SENT || outcome.state() == SendState.FAILED)
                .map(outcome -> event(outcome.activityId(), outcome.state() == SendState.SENT ? SENT : FAILED,
                        outcome.messageId(), outcome.attempts(),
                        outcome.state() == SendState.FAILED ? outcome.error() : null, now))
                .toList(), traces);
    }

    /** Each report in its email's own trace: a batch holds many emails, each with a trace of its own. */
    private void append(List<EmailStatusChanged> events, Map<UUID, String> traceparents) {
        outbox.appendAll(Topics.EMAIL_STATUS, EmailStatusChanged.TYPE, events,
                event -> event.activityId().toString(), event -> traceparents.get(event.activityId()));
    }

    private static EmailStatusChanged event(UUID activityId, int statuscode, String messageId, int attempts,
            String failureReason, Instant at) {
        return new EmailStatusChanged(UUID.randomUUID(), at, activityId, statuscode, messageId, attempts,
                failureReason);
    }
}
