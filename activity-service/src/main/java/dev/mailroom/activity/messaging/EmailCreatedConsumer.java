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
import dev.mailroom.events.EmailCreated;
import dev.mailroom.events.Topics;
import io.smallrye.common.annotation.Blocking;

/**
 * Kafka adapter for emails created by bulk jobs. Takes what the poll returned as one batch (channel property
 * {@code batch=true}): one transaction and a handful of statements per batch instead of one transaction per email.
 */
@ApplicationScoped
public class EmailCreatedConsumer {

    private final EmailCreatedHandler handler;
    private final ObjectMapper objectMapper;

    public EmailCreatedConsumer(EmailCreatedHandler handler, ObjectMapper objectMapper) {
        this.handler = handler;
        this.objectMapper = objectMapper;
    }

    /** A failure (the database away) is retried in place; offsets are committed only after the batch commits. */
    @Incoming(Topics.EMAIL_CREATED)
    @Blocking
    @Retry(maxRetries = 10, delay = 500, maxDuration = 60_000, jitter = 200)
    public void consume(ConsumerRecords<String, String> records) {
        List<IncomingEvent<EmailCreated>> events = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            IncomingEvent.readOrSkip(record, EmailCreated.class, objectMapper).ifPresent(events::add);
        }
        if (!events.isEmpty()) {
            handler.handle(events);
        }
    }
}
