package dev.mailroom.router.service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.router.SendOutcome;

/**
 * Outcomes this router knows but has not yet recorded in the ledger, in the order they became known.
 * {@link OutcomeRecorder} takes them in groups and commits each group in one transaction; until then they stay here
 * (their claims' leases renewed by {@link LeaseKeeper}), also while the database is away: an outcome heard from the
 * server is recorded later, never found out again by sending.
 */
@ApplicationScoped
public class OutcomeJournal {

    /**
     * One outcome waiting to be recorded, with what to do once it is. {@code recorded} completes once it is recorded
     * and, reported {@link ReportRoute#WITH_BATCH}, its report is acknowledged by the broker.
     */
    record Entry(SendOutcome outcome, ReportRoute route, Runnable onRecorded, CompletableFuture<Void> recorded) {
    }

    private final BlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
    private final Map<UUID, Entry> pending = new ConcurrentHashMap<>();

    /**
     * Journals an outcome reported through the outbox; the future completes once it is recorded (or fenced off by a
     * newer claim).
     */
    CompletableFuture<Void> add(SendOutcome outcome) {
        return add(outcome, ReportRoute.OUTBOX);
    }

    /** As {@link #add(SendOutcome)}, reported by {@code route}. */
    CompletableFuture<Void> add(SendOutcome outcome, ReportRoute route) {
        return add(outcome, route, () -> {
        });
    }

    /** As {@link #add(SendOutcome)}, running {@code onRecorded} (freeing its in-doubt slot) once it is recorded. */
    CompletableFuture<Void> add(SendOutcome outcome, Runnable onRecorded) {
        return add(outcome, ReportRoute.OUTBOX, onRecorded);
    }

    /**
     * Journals an outcome reported by {@code route}, running {@code onRecorded} once it is recorded; the future
     * completes once its report is also acknowledged, when it goes {@link ReportRoute#WITH_BATCH}.
     */
    CompletableFuture<Void> add(SendOutcome outcome, ReportRoute route, Runnable onRecorded) {
        Entry entry = new Entry(outcome, route, onRecorded, new CompletableFuture<>());
        pending.put(outcome.activityId(), entry);
        queue.add(entry);
        return entry.recorded();
    }

    /** Waits up to {@code waitMillis} for the next outcome, then takes it and up to {@code max - 1} more. */
    List<Entry> nextGroup(int max, long waitMillis) throws InterruptedException {
        Entry first = queue.poll(waitMillis, TimeUnit.MILLISECONDS);
        if (first == null) {
            return List.of();
        }
        List<Entry> group = new ArrayList<>();
        group.add(first);
        queue.drainTo(group, max - 1);
        return group;
    }

    /**
     * Adds to {@code group} the outcomes that arrive within {@code lingerNanos}, while {@code unrecorded} (the sends
     * holding a slot of the in-doubt window, that is past their final dot and not yet recorded) says some are not in
     * the group yet, and the group has room. Returns as soon as the group holds them all: no outcome can then arrive
     * before this group is recorded and frees slots, so waiting would only hold sends at their final dot.
     */
    void gatherInFlight(List<Entry> group, int max, long lingerNanos, IntSupplier unrecorded)
            throws InterruptedException {
        long deadline = System.nanoTime() + lingerNanos;
        while (group.size() < max && unrecorded.getAsInt() > group.size()) {
            long left = deadline - System.nanoTime();
            Entry next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            group.add(next);
            queue.drainTo(group, max - group.size());
        }
    }

    /** Takes up to {@code max} outcomes that are waiting, without blocking. */
    List<Entry> more(int max) {
        List<Entry> group = new ArrayList<>();
        queue.drainTo(group, max);
        return group;
    }

    /** Marks outcomes as recorded (or fenced off: a stale epoch will never be recorded). */
    void recorded(Collection<Entry> done) {
        recorded(done, CompletableFuture.completedFuture(null));
    }

    /**
     * As {@link #recorded(Collection)}; those reported {@link ReportRoute#WITH_BATCH} are done once
     * {@code published} (their reports) completes, and fail with it: their batch is then tried again, and the ledger
     * gives their reports again. Their slots are freed now: the outcome is in the ledger.
     */
    void recorded(Collection<Entry> done, CompletableFuture<Void> published) {
        for (Entry entry : done) {
            pending.remove(entry.outcome().activityId(), entry);
            try {
                entry.onRecorded().run();
            } finally {
                if (entry.route() == ReportRoute.WITH_BATCH) {
                    published.whenComplete((ignored, failure) -> {
                        if (failure == null) {
                            entry.recorded().complete(null);
                        } else {
                            entry.recorded().completeExceptionally(failure);
                        }
                    });
                } else {
                    entry.recorded().complete(null);
                }
            }
        }
    }

    /**
     * Completes once every outcome of these emails that is waiting now has been recorded and its report published or
     * given up on (a report that failed is the ledger's to give again, not a reason to wait longer).
     */
    CompletableFuture<Void> recordedAll(Collection<UUID> activityIds) {
        return CompletableFuture.allOf(activityIds.stream().map(pending::get).filter(java.util.Objects::nonNull)
                .map(entry -> entry.recorded().handle((ignored, failure) -> null))
                .toArray(CompletableFuture[]::new));
    }

    List<SendOutcome> snapshot() {
        return pending.values().stream().map(Entry::outcome).toList();
    }

    Collection<UUID> activityIds() {
        return List.copyOf(pending.keySet());
    }
}
