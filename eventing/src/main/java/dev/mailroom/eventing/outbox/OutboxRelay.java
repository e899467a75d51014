package dev.mailroom.eventing.outbox;

import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Runs {@link OutboxDrain} passes on a thread of its own, woken after each outbox commit and every poll interval;
 * after a pass of less than a batch it lingers a little first, so commits coalesce into fuller passes.
 * Every instance of a service runs one; the schema's relay lock lets one pass at a time through, so instances never
 * interleave and per-key order survives scaling, while other services' relays (other schemas) are never held up.
 * A crash between the broker's acknowledgement and the delete republishes the batch: consumers de-duplicate by
 * CloudEvent id, so the outbox is at-least-once by design.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final OutboxDrain drain;
    private final OutboxConfig config;
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    public OutboxRelay(DataSource dataSource, OutboxPublisher publisher, OutboxConfig config,
            MeterRegistry meters) {
        this.drain = new OutboxDrain(dataSource, publisher, config.batchSize(), config.inFlightBatches(),
                config.batchesPerPass(), config.priorityTopics().orElse(List.of()),
                new OutboxReadPositions(config.lookBack(), config.fullScanInterval(), System::nanoTime), meters);
        this.config = config;
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
                OutboxDrain.Pass pass = drain.drainOnce();
                if (pass.kept() > 0) {
                    // Kafka is away: the rows stay; back off rather than spin on them.
                    sleepQuietly(config.pollInterval().toMillis() * 4);
                } else if (pass.batch() < drain.rowsPerPass()) {
                    if (pass.batch() < config.batchSize()) {
                        // A pass of a few rows per commit costs a read, a delete and a broker round trip each: let
                        // the commits of a short while gather into one pass (wake-ups meanwhile are kept).
                        sleepQuietly(config.linger().toMillis());
                    }
                    wakeUps.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    wakeUps.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The database is away: nothing was deleted, so nothing is lost; back off and try again.
                LOG.warnf("Outbox relay pass failed, retrying: %s", e.toString());
                sleepQuietly(config.pollInterval().toMillis() * 4);
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
