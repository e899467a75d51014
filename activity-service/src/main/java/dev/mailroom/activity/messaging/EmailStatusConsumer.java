package dev.mailroom.activity.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.eventing.inbox.IncomingEvent;
import dev.mailroom.events.EmailStatusChanged;
import dev.mailroom.events.Topics;
import io.smallrye.common.annotation.Blocking;

/** Kafka adapter for the routers' status reports: reads the CloudEvent and hands it to the handler. */
@ApplicationScoped
public class EmailStatusConsumer {

    private final EmailStatusHandler handler;
    private final ObjectMapper objectMapper;

    public EmailStatusConsumer(EmailStatusHandler handler, ObjectMapper objectMapper) {
        this.handler = handler;
        this.objectMapper = objectMapper;
    }

    /**
     * Blocking: the handler runs a JDBC transaction, which must not run on the Kafka event loop. A failure (the
     * database away) is retried in place, keeping the partition's order; if it outlasts the retries the channel
     * fails, readiness and liveness go DOWN, and a restart resumes from the last committed offset.
     */
    @Incoming(Topics.EMAIL_STATUS)
    @Blocking
    @Retry(maxRetries = 10, delay = 500, maxDuration = 60_000, jitter = 200)
    public void consume(ConsumerRecord<String, String> record) {
        IncomingEvent.readOrSkip(record, EmailStatusChanged.class, objectMapper).ifPresent(handler::handle);
    }
}
