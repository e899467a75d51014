package dev.mailroom.activity.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.eventing.inbox.IncomingEvent;
import dev.mailroom.events.BulkMailProgress;
import dev.mailroom.events.Topics;
import io.smallrye.common.annotation.Blocking;

/** Kafka adapter for bulk job progress: one report per page at most, so one transaction each. */
@ApplicationScoped
public class BulkMailProgressConsumer {

    private final BulkMailProgressHandler handler;
    private final ObjectMapper objectMapper;

    public BulkMailProgressConsumer(BulkMailProgressHandler handler, ObjectMapper objectMapper) {
        this.handler = handler;
        this.objectMapper = objectMapper;
    }

    @Incoming(Topics.BULK_MAIL_PROGRESS)
    @Blocking
    @Retry(maxRetries = 10, delay = 500, maxDuration = 60_000, jitter = 200)
    public void consume(ConsumerRecord<String, String> record) {
        IncomingEvent.readOrSkip(record, BulkMailProgress.class, objectMapper).ifPresent(handler::handle);
    }
}
