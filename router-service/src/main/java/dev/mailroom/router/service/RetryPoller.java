package dev.mailroom.router.service;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.mailroom.router.config.RouterConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * Sends what the ledger says is due: transient failures whose backoff has passed, unknown outcomes (resent once),
 * claims abandoned by a router that died. Every router runs one; {@code SKIP LOCKED} splits the work between them.
 * Retries live in the ledger rather than in a retry topic so a waiting email never holds up a Kafka partition.
 */
@ApplicationScoped
public class RetryPoller {

    private static final Logger LOG = Logger.getLogger(RetryPoller.class);

    private final SendPipeline pipeline;
    private final RouterConfig config;
    private final CountDownLatch wake = new CountDownLatch(1);
    private volatile boolean running;
    private Thread thread;

    public RetryPoller(SendPipeline pipeline, RouterConfig config) {
        this.pipeline = pipeline;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::run, "retry-poller");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Stops claiming (called by the graceful shutdown once the send gate is closed): a pass in progress finishes,
     * handing back what it did not start, and no new pass begins. Never interrupts a pass mid-statement.
     */
    public void stop() {
        running = false;
        wake.countDown();
    }

    private void run() {
        while (running) {
            try {
                if (pipeline.sendDue(config.retryBatchSize()) < config.retryBatchSize()) {
                    pause(config.retryPollInterval().toMillis());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warnf("Retry poller pass failed, trying again: %s", e.getMessage());
                try {
                    pause(config.retryPollInterval().toMillis() * 5);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** Sleeps, but wakes at once when the poller is stopped. */
    private void pause(long millis) throws InterruptedException {
        wake.await(millis, TimeUnit.MILLISECONDS);
    }
}
