package dev.mailroom.activity.messaging;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.eventing.inbox.IncomingEvent;
import dev.mailroom.events.IncomingEmailReceived;
import dev.mailroom.events.Topics;
import io.smallrye.common.annotation.Blocking;

/**
 * Kafka adapter for the routers' incoming mail: reads a batch of CloudEvents and delivers them in one transaction,
 * as DeliverIncomingEmail does. Another CloudEvent type on the topic (a later version) is skipped, not guessed at.
 */
@ApplicationScoped
public class IncomingEmailConsumer {

    private static final Logger LOG = Logger.getLogger(IncomingEmailConsumer.class);

    private final IncomingEmailHandler handler;
    private final ObjectMapper objectMapper;

    public IncomingEmailConsumer(IncomingEmailHandler handler, ObjectMapper objectMapper) {
        this.handler = handler;
        this.objectMapper = objectMapper;
    }

    /**
     * A failure (the database away) re-runs the whole batch, which is safe: event ids and Message-IDs already
     * applied are skipped. Offsets are committed only after this returns.
     */
    @Incoming(Topics.EMAIL_INCOMING)
    @Blocking
    @Retry(maxRetries = 10, delay = 500, maxDuration = 60_000, jitter = 200)
    public void consume(ConsumerRecords<String, String> records) {
        List<IncomingEvent<IncomingEmailReceived>> events = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            IncomingEvent.readOrSkip(record, IncomingEmailReceived.class, objectMapper).ifPresent(event -> {
                if (IncomingEmailReceived.TYPE.equals(event.type())) {
                    events.add(event);
                } else {
                    LOG.warnf("Skipping event %s of type %s on %s", event.id(), event.type(), record.topic());
                }
            });
        }
        if (!events.isEmpty()) {
            handler.handle(events);
        }
    }
}
