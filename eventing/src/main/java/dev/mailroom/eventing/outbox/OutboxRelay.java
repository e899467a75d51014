package dev.mailroom.eventing.outbox;

import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Publishes outbox rows to Kafka in id order and deletes them once the broker has acknowledged them. One relay at a
 * time holds a PostgreSQL advisory lock, so several instances never interleave and per-key order survives scaling.
 * A crash between the broker's acknowledgement and the delete republishes the batch: consumers de-duplicate by
 * CloudEvent id, so the outbox is at-least-once by design.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Any constant works: it only has to be the same for every instance of one service (one schema). */
    private static final long RELAY_LOCK = 0x6d61696c726f6f6dL;

    private final EntityManager entityManager;
    private final OutboxPublisher publisher;
    private final OutboxConfig config;
    private final Counter published;
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    public OutboxRelay(EntityManager entityManager, OutboxPublisher publisher, OutboxConfig config,
            MeterRegistry meters) {
        this.entityManager = entityManager;
        this.publisher = publisher;
        this.config = config;
        this.published = Counter.builder("mailroom.outbox.published")
                .description("Outbox events published to Kafka and acknowledged")
                .register(meters);
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            wake();
            thread.join(10_000);
        }
    }

    /** Asks for a pass soon; called after a transaction that wrote to the outbox commits. */
    public void wake() {
        wakeUps.release();
    }

    private void run() {
        while (running) {
            try {
                int published = publishBatch();
                if (published < config.batchSize()) {
                    wakeUps.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    wakeUps.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // Kafka or the database is away: keep the rows, back off, try again.
                LOG.warnf("Outbox relay pass failed, retrying: %s", e.toString());
                sleepQuietly(config.pollInterval().toMillis() * 4);
            }
        }
    }

    /** One pass: lock, read a batch in order, publish and await acks, delete; all or nothing. */
    int publishBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Boolean locked = (Boolean) entityManager
                    .createNativeQuery("SELECT pg_try_advisory_xact_lock(:lock)")
                    .setParameter("lock", RELAY_LOCK)
                    .getSingleResult();
            if (!Boolean.TRUE.equals(locked)) {
                return 0;
            }
            List<OutboxEvent> batch = entityManager
                    .createQuery("FROM OutboxEvent ORDER BY id", OutboxEvent.class)
                    .setMaxResults(config.batchSize())
                    .getResultList();
            if (batch.isEmpty()) {
                return 0;
            }
            publisher.publishAll(batch);
            published.increment(batch.size());
            // Delete exactly what was published: a row with a lower id may commit after this pass read.
            entityManager.createQuery("DELETE FROM OutboxEvent WHERE id IN :ids")
                    .setParameter("ids", batch.stream().map(row -> row.id).toList())
                    .executeUpdate();
            return batch.size();
        });
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
