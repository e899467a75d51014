package dev.mailroom.router.service;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.mailroom.router.SendOutcome;
import dev.mailroom.router.config.RouterConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * Records outcomes as they come, by group commit: one thread takes every outcome journaled while the previous
 * transaction ran and records them all in the next one (ledger and status reports, one statement each). Under load
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
    private final long lingerNanos;
    private volatile boolean running;

    public OutcomeRecorder(OutcomeJournal journal, LedgerTransactions transactions, DeliveryMetrics metrics,
            InDoubtWindow window, RouterConfig config) {
        this.journal = journal;
        this.transactions = transactions;
        this.metrics = metrics;
        this.window = window;
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

    private void record(List<OutcomeJournal.Entry> group) {
        List<SendOutcome> outcomes = group.stream().map(OutcomeJournal.Entry::outcome).toList();
        // Only the updates whose epoch still held come back; a fenced-off outcome is done with all the same.
        transactions.record(outcomes).forEach(metrics::outcome);
        journal.recorded(group);
    }
}
