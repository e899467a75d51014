package dev.mailroom.router.service;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.events.EmailStatusChanged;
import dev.mailroom.router.RecordedOutcome;
import dev.mailroom.router.SendOutcome;
import dev.mailroom.router.SendState;
import dev.mailroom.router.config.RouterConfig;
import dev.mailroom.eventing.ids.TimeOrderedIds;
import dev.mailroom.eventing.outbox.OutboxPublisher;
import dev.mailroom.eventing.outbox.OutboxWriter;
import dev.mailroom.events.Topics;

/**
 * Status reports to activity-service, keyed by activity id: written to the outbox in the ledger's statement, or, for
 * the emails of a Kafka batch ({@link ReportRoute#WITH_BATCH}), published straight to Kafka once recorded, under an
 * id derived from the ledger row so that publishing one again from the ledger repeats the same event.
 */
@ApplicationScoped
public class StatusEvents {

    /** Dataverse statuscodes a router reports. */
    static final int SENDING = 7;
    static final int SENT = 3;
    static final int FAILED = 8;

    private final OutboxWriter outbox;
    private final OutboxPublisher publisher;
    private final StatusWakeups wakeups;

    public StatusEvents(OutboxWriter outbox, OutboxPublisher publisher, RouterConfig config) {
        this.outbox = outbox;
        this.publisher = publisher;
        this.wakeups = new StatusWakeups(outbox::wakeRelay, config.statusRelayDelay());
    }

    @PreDestroy
    void stop() {
        wakeups.close();
    }

    /**
     * Reports recorded outcomes through the outbox: Sent, or Failed with the reason, and Sending for an email that
     * waits in the ledger (a retry, an unknown outcome, a deferral): the router has taken it on and not finished it.
     * An email finished within its batch goes from Pending Send to its outcome with no Sending report in between.
     */
    void report(List<RecordedOutcome> outcomes) throws SQLException {
        Instant now = Instant.now();
        Map<UUID, String> traces = new HashMap<>();
        outcomes.forEach(outcome -> traces.put(outcome.activityId(), outcome.traceparent()));
        append(outcomes.stream().map(outcome -> event(TimeOrderedIds.next(), now, outcome)).toList(), traces);
    }

    /**
     * The outbox reports of outcomes about to be recorded, one per outcome in the same order, for the ledger statement
     * that records them and writes the reports of those whose epoch held
     * ({@link dev.mailroom.router.repository.SendLedger#recordAndReport}). An outcome reported with its batch has no
     * report here (null): {@link #publish} reports it once recorded.
     */
    OutboxWriter.PreparedEvents prepare(List<SendOutcome> outcomes, List<ReportRoute> routes) {
        Instant now = Instant.now();
        Map<UUID, String> traces = new HashMap<>();
        List<EmailStatusChanged> events = new ArrayList<>(outcomes.size());
        for (int i = 0; i < outcomes.size(); i++) {
            if (routes.get(i) == ReportRoute.WITH_BATCH) {
                events.add(null);
                continue;
            }
            RecordedOutcome outcome = outcomes.get(i).asRecorded();
            traces.put(outcome.activityId(), outcome.traceparent());
            events.add(event(TimeOrderedIds.next(), now, outcome));
        }
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

    /**
     * Publishes the reports of recorded outcomes, each at the time the ledger recorded it and under an id derived
     * from that time, the email, the claim's epoch and the status: published again from the same row, it is the same
     * event, which consumers already skip by its id. Completes once the broker has every one.
     */
    CompletableFuture<Void> publish(List<RecordedOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Map<UUID, String> traces = new HashMap<>();
        List<EmailStatusChanged> events = outcomes.stream().map(outcome -> {
            traces.put(outcome.activityId(), outcome.traceparent());
            int statuscode = statuscode(outcome.state());
            UUID id = TimeOrderedIds.derived(outcome.at(),
                    outcome.activityId() + "/" + outcome.epoch() + "/" + statuscode);
            return event(id, outcome.at(), outcome);
        }).toList();
        return publisher.publish(outbox.unwritten(Topics.EMAIL_STATUS, EmailStatusChanged.TYPE, events,
                event -> event.activityId().toString(), event -> traces.get(event.activityId())));
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

    private static EmailStatusChanged event(UUID id, Instant at, RecordedOutcome outcome) {
        return new EmailStatusChanged(id, at, outcome.activityId(), statuscode(outcome.state()), outcome.messageId(),
                outcome.attempts(), outcome.state() == SendState.FAILED ? outcome.error() : null);
    }
}
