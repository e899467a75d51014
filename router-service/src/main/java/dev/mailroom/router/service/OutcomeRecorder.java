package dev.mailroom.router.service;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.mailroom.router.RecordedOutcome;
import dev.mailroom.router.SendOutcome;
import dev.mailroom.router.config.RouterConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * Records outcomes as they come, by group commit: one thread takes every outcome journaled while the previous
 * transaction ran and records them all in the next one (ledger and outbox reports, one statement each), then publishes
 * the reports that go with their batch ({@link ReportRoute#WITH_BATCH}) without waiting for the broker. Under load
 * groups grow by themselves, and the recorder waits up to {@code router.outcome-linger} for the outcomes of sends
 * already past their final dot; a lone outcome is recorded within one round trip, without waiting for its batch. Each
 * recorded outcome frees its slot of the in-doubt window. When the database fails, the same group (plus whatever
 * arrives meanwhile) is tried again with a growing pause; the outcomes stay journaled and their slots held, so sends
 * wait at their final dot instead of piling up unrecorded acceptances.
 */
@ApplicationScoped
public class OutcomeRecorder {

    private static final Logger LOG = Logger.getLogger(OutcomeRecorder.class);
    /** Bounds one statement's arrays; a group rarely comes near it (the in-doubt window is far smaller). */
    static final int MAX_GROUP = 500;
    private static final long IDLE_POLL_MS = 200;
    private static final long MAX_PAUSE_MS = 5_000;

    private final OutcomeJournal journal;
    private final LedgerTransactions transactions;
    private final DeliveryMetrics metrics;
    private final InDoubtWindow window;
    private final StatusEvents statusEvents;
    private final long lingerNanos;
    private volatile boolean running;

    public OutcomeRecorder(OutcomeJournal journal, LedgerTransactions transactions, DeliveryMetrics metrics,
            InDoubtWindow window, StatusEvents statusEvents, RouterConfig config) {
        this.journal = journal;
        this.transactions = transactions;
        this.metrics = metrics;
        this.window = window;
        this.statusEvents = statusEvents;
        this.lingerNanos = config.outcomeLinger().toNanos();
    }

    void onStart(@Observes StartupEvent event) {
        running = true;
        Thread thread = new Thread(this::run, "outcome-recorder");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Stops after the current group. Graceful shutdown has waited for every batch to see its outcomes recorded before
     * beans are destroyed, so nothing is left behind but what a crash would leave: claims whose leases run out.
     */
    @PreDestroy
    void stop() {
        running = false;
    }

    private void run() {
        List<OutcomeJournal.Entry> group = new ArrayList<>();
        long pause = 50;
        while (running) {
            try {
                group.addAll(group.isEmpty() ? journal.nextGroup(MAX_GROUP, IDLE_POLL_MS)
                        : journal.more(MAX_GROUP - group.size()));
                if (group.isEmpty()) {
                    continue;
                }
                // Sends past their final dot whose replies are on their way join this group rather than the next
                // (router.outcome-linger): a statement and a commit per 2-3 outcomes cost more than the wait.
                journal.gatherInFlight(group, MAX_GROUP, lingerNanos, window::inUse);
                record(group);
                group = new ArrayList<>();
                pause = 50;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf("Could not record %d outcome(s), trying again in %d ms: %s", group.size(), pause,
                        e.getMessage());
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    return;
                }
                pause = Math.min(pause * 2, MAX_PAUSE_MS);
            }
        }
    }

    /**
     * Records a group, then publishes the reports of the outcomes that go with their batch; the group's entries are
     * done when those are acknowledged. The publication is not waited for here: the next group is recorded meanwhile.
     */
    private void record(List<OutcomeJournal.Entry> group) {
        List<SendOutcome> outcomes = group.stream().map(OutcomeJournal.Entry::outcome).toList();
        List<ReportRoute> routes = group.stream().map(OutcomeJournal.Entry::route).toList();
        // Only the updates whose epoch still held come back; a fenced-off outcome is done with all the same.
        List<RecordedOutcome> recorded = transactions.record(outcomes, routes);
        recorded.forEach(metrics::outcome);
        Set<UUID> withBatch = new HashSet<>();
        group.stream().filter(entry -> entry.route() == ReportRoute.WITH_BATCH)
                .forEach(entry -> withBatch.add(entry.outcome().activityId()));
        CompletableFuture<Void> published = withBatch.isEmpty() ? CompletableFuture.completedFuture(null)
                : publish(recorded.stream().filter(outcome -> withBatch.contains(outcome.activityId())).toList());
        journal.recorded(group, published);
    }

    private CompletableFuture<Void> publish(List<RecordedOutcome> reports) {
        try {
            return statusEvents.publish(reports);
        } catch (RuntimeException e) {
            // Recorded all the same: the batch fails and is tried again, and the ledger gives the reports again.
            return CompletableFuture.failedFuture(e);
        }
    }
}
