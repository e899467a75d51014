package dev.mailroom.router.service;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.router.SendOutcome;

/**
 * Outcomes this router knows but has not yet recorded in the ledger. When recording fails after the server's 250
 * (the database away), the outcome waits here; the consumer's retry records it instead of sending again.
 */
@ApplicationScoped
public class OutcomeJournal {

    private final Map<UUID, SendOutcome> pending = new ConcurrentHashMap<>();

    void add(SendOutcome outcome) {
        pending.put(outcome.activityId(), outcome);
    }

    List<SendOutcome> snapshot() {
        return List.copyOf(pending.values());
    }

    /** Forgets outcomes the ledger has taken (or fenced off: a stale epoch will never be recorded). */
    void forget(Collection<SendOutcome> done) {
        done.forEach(outcome -> pending.remove(outcome.activityId(), outcome));
    }

    Collection<UUID> activityIds() {
        return List.copyOf(pending.keySet());
    }
}
