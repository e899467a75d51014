package dev.mailroom.router.service;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.mailroom.router.config.RouterConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * Renews this router's claims while it works on them, every third of {@code router.claim-lease}: a slow SMTP
 * server never lets another router take a send over, yet a router that dies stops renewing and its claims expire.
 */
@ApplicationScoped
public class LeaseKeeper {

    private static final Logger LOG = Logger.getLogger(LeaseKeeper.class);

    private final Set<UUID> held = ConcurrentHashMap.newKeySet();
    private final LedgerTransactions transactions;
    private final OutcomeJournal journal;
    private final RouterConfig config;
    private final RouterIdentity identity;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "lease-keeper");
        thread.setDaemon(true);
        return thread;
    });

    public LeaseKeeper(LedgerTransactions transactions, OutcomeJournal journal, RouterConfig config,
            RouterIdentity identity) {
        this.transactions = transactions;
        this.journal = journal;
        this.config = config;
        this.identity = identity;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.claimLease().compareTo(config.smtp().timeout()) <= 0) {
            throw new IllegalStateException("router.claim-lease (" + config.claimLease() + ") must exceed "
                    + "router.smtp.timeout (" + config.smtp().timeout() + "), or a slow send could be taken over");
        }
        long period = Math.max(config.claimLease().toMillis() / 3, 1);
        timer.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    void hold(Collection<UUID> activityIds) {
        held.addAll(activityIds);
    }

    void release(Collection<UUID> activityIds) {
        held.removeAll(activityIds);
    }

    /** Renews what is being sent and what was sent but not yet recorded. */
    void renew() {
        Set<UUID> ids = new HashSet<>(held);
        ids.addAll(journal.activityIds());
        if (ids.isEmpty()) {
            return;
        }
        try {
            transactions.renewLeases(ids, identity.id(), config.claimLease());
        } catch (RuntimeException e) {
            LOG.warnf("Could not renew %d claim lease(s): %s", ids.size(), e.getMessage());
        }
    }
}
