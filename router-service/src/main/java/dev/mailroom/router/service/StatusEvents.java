package dev.mailroom.router.service;

import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.events.EmailStatusChanged;
import dev.mailroom.router.RecordedOutcome;
import dev.mailroom.router.SendOutcome;
import dev.mailroom.router.SendState;
import dev.mailroom.router.config.RouterConfig;
import dev.mailroom.eventing.ids.TimeOrderedIds;
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
    private final StatusWakeups wakeups;

    public StatusEvents(OutboxWriter outbox, RouterConfig config) {
        this.outbox = outbox;
        this.wakeups = new StatusWakeups(outbox::wakeRelay, config.statusRelayDelay());
    }

    @PreDestroy
    void stop() {
        wakeups.close();
    }

    /**
     * Reports recorded outcomes: Sent, or Failed with the reason, and Sending for an email that waits in the ledger
     * (a retry, an unknown outcome, a deferral): the router has taken it on and not finished it. An email finished
     * within its batch goes from Pending Send to its outcome with no Sending report in between.
     */
    void report(List<RecordedOutcome> outcomes) throws SQLException {
        Instant now = Instant.now();
        Map<UUID, String> traces = new HashMap<>();
        outcomes.forEach(outcome -> traces.put(outcome.activityId(), outcome.traceparent()));
        append(outcomes.stream().map(outcome -> event(outcome.activityId(), statuscode(outcome.state()),
                outcome.messageId(), outcome.attempts(), outcome.state() == SendState.FAILED ? outcome.error() : null,
                now)).toList(), traces);
    }

    /**
     * The reports of outcomes about to be recorded, one per outcome in the same order, for the ledger statement that
     * records them and writes the reports of those whose epoch held
     * ({@link dev.mailroom.router.repository.SendLedger#recordAndReport}).
     */
    OutboxWriter.PreparedEvents prepare(List<SendOutcome> outcomes) {
        Instant now = Instant.now();
        Map<UUID, String> traces = new HashMap<>();
        List<EmailStatusChanged> events = outcomes.stream().map(SendOutcome::asRecorded).map(outcome -> {
            traces.put(outcome.activityId(), outcome.traceparent());
            return event(outcome.activityId(), statuscode(outcome.state()), outcome.messageId(), outcome.attempts(),
                    outcome.state() == SendState.FAILED ? outcome.error() : null, now);
        }).toList();
        return outbox.prepare(Topics.EMAIL_STATUS, EmailStatusChanged.TYPE, events,
                event -> event.activityId().toString(), event -> traces.get(event.activityId()));
    }

    /**
     * Reports written by a ledger statement were committed: the relay publishes them within
     * {@code router.status-relay-delay}, together with those committed meanwhile.
     */
    void committed() {
        wakeups.committed();
    }

    private static int statuscode(SendState state) {
        return switch (state) {
            case SENT -> SENT;
            case FAILED -> FAILED;
            default -> SENDING;
        };
    }

    /** Each report in its email's own trace: a batch holds many emails, each with a trace of its own. */
    private void append(List<EmailStatusChanged> events, Map<UUID, String> traceparents) {
        outbox.appendAll(Topics.EMAIL_STATUS, EmailStatusChanged.TYPE, events,
                event -> event.activityId().toString(), event -> traceparents.get(event.activityId()));
    }

    private static EmailStatusChanged event(UUID activityId, int statuscode, String messageId, int attempts,
            String failureReason, Instant at) {
        return new EmailStatusChanged(TimeOrderedIds.next(), at, activityId, statuscode, messageId, attempts,
                failureReason);
    }
}
