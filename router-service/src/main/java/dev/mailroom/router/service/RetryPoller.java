package dev.mailroom.router.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.mailroom.router.config.RouterConfig;
import io.quarkus.runtime.ShutdownEvent;
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

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(10_000);
        }
    }

    private void run() {
        while (running) {
            try {
                if (pipeline.sendDue(config.retryBatchSize()) < config.retryBatchSize()) {
                    Thread.sleep(config.retryPollInterval().toMillis());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warnf("Retry poller pass failed, trying again: %s", e.getMessage());
                sleep(config.retryPollInterval().toMillis() * 5);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
