package dev.mailroom.activity.messaging;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.eventing.inbox.IncomingEvent;
import dev.mailroom.events.EmailStatusChanged;
import dev.mailroom.events.Topics;
import io.smallrye.common.annotation.Blocking;

/**
 * Kafka adapter for the routers' status reports: takes what a poll returned as one batch (channel property
 * {@code batch=true}) and hands it to {@link EmailStatusBatch}: one transaction per batch, not per report.
 */
@ApplicationScoped
public class EmailStatusConsumer {

    private final EmailStatusBatch handler;
    private final ObjectMapper objectMapper;

    public EmailStatusConsumer(EmailStatusBatch handler, ObjectMapper objectMapper) {
        this.handler = handler;
        this.objectMapper = objectMapper;
    }

    /**
     * Blocking: the handler runs a JDBC transaction, which must not run on the Kafka event loop. A failure (the
     * database away) is retried in place; if it outlasts the retries the channel fails, readiness and liveness go
     * DOWN, and a restart resumes from the last committed offset. A malformed record is skipped.
     */
    @Incoming(Topics.EMAIL_STATUS)
    @Blocking
    @Retry(maxRetries = 10, delay = 500, maxDuration = 60_000, jitter = 200)
    public void consume(ConsumerRecords<String, String> records) {
        List<IncomingEvent<EmailStatusChanged>> events = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            IncomingEvent.readOrSkip(record, EmailStatusChanged.class, objectMapper).ifPresent(events::add);
        }
        if (!events.isEmpty()) {
            handler.handle(events);
        }
    }
}
