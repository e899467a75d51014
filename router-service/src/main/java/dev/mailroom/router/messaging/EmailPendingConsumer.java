package dev.mailroom.router.messaging;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.eventing.inbox.IncomingEvent;
import dev.mailroom.events.EmailPending;
import dev.mailroom.events.Topics;
import dev.mailroom.router.service.EmailDeliveryService;
import io.smallrye.common.annotation.Blocking;

/** Kafka adapter for pending email: reads the CloudEvent and hands it to delivery. */
@ApplicationScoped
public class EmailPendingConsumer {

    private final EmailDeliveryService delivery;
    private final ObjectMapper objectMapper;

    public EmailPendingConsumer(EmailDeliveryService delivery, ObjectMapper objectMapper) {
        this.delivery = delivery;
        this.objectMapper = objectMapper;
    }

    /**
     * Blocking and ordered: SMTP and JDBC block, and one sender mailbox's mail (one key, one partition) goes out in
     * the order it was issued. The offset is committed only after {@link EmailDeliveryService#deliver} returns.
     * A failure (the database away) is retried in place; delivery is idempotent through the send ledger, so a
     * retry never sends twice. If it outlasts the retries the channel fails and health goes DOWN.
     */
    @Incoming(Topics.EMAIL_PENDING)
    @Blocking
    @Retry(maxRetries = 10, delay = 500, maxDuration = 60_000, jitter = 200, abortOn = InterruptedException.class)
    public void consume(ConsumerRecord<String, String> record) throws InterruptedException {
        Optional<IncomingEvent<EmailPending>> event =
                IncomingEvent.readOrSkip(record, EmailPending.class, objectMapper);
        if (event.isPresent()) {
            delivery.deliver(event.get());
        }
    }
}
