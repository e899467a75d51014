package dev.mailroom.router.messaging;

import java.time.Duration;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import dev.mailroom.events.Topics;
import dev.mailroom.router.config.RouterConfig;
import dev.mailroom.router.service.RetryPoller;
import dev.mailroom.router.service.SendGate;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;

/**
 * What a router does on SIGTERM, before the Kafka connector closes: no send begins any more, polling stops, and the
 * batches in flight get {@code router.shutdown-grace} to finish their sends and record the outcomes (sends not begun
 * are handed back to the ledger, due at once for any router). Only then does the connector commit its offsets and
 * close, so a committed offset always stands for a recorded outcome or a claim another router will send.
 */
@ApplicationScoped
public class GracefulShutdown {

    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);

    private final SendGate gate;
    private final RetryPoller poller;
    private final KafkaClientService kafkaClients;
    private final RouterConfig config;

    public GracefulShutdown(SendGate gate, RetryPoller poller, KafkaClientService kafkaClients, RouterConfig config) {
        this.gate = gate;
        this.poller = poller;
        this.kafkaClients = kafkaClients;
        this.config = config;
    }

    void onShutdown(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event)
            throws InterruptedException {
        gate.close();
        poller.stop();
        pausePolling();
        Duration grace = config.shutdownGrace();
        LOG.infof("Shutting down: finishing the sends in flight (up to %s)", grace);
        if (gate.awaitIdle(grace)) {
            LOG.info("Shutting down: every send in flight is recorded");
        } else {
            // Their claims stay in the ledger; once the leases run out another router resends them once, with the
            // same Message-ID.
            LOG.warnf("Shutting down: sends still in flight after %s are left to their claim leases", grace);
        }
    }

    private void pausePolling() {
        KafkaConsumer<Object, Object> consumer = kafkaClients.getConsumer(Topics.EMAIL_PENDING);
        if (consumer == null) {
            return;
        }
        try {
            Set<TopicPartition> paused = consumer.pause().await().atMost(Duration.ofSeconds(5));
            LOG.debugf("Shutting down: paused %s", paused);
        } catch (RuntimeException e) {
            // Batches fetched anyway are claimed and handed straight back: nothing is lost, only time.
            LOG.warnf("Could not pause the pending-mail consumer: %s", e.getMessage());
        }
    }
}
