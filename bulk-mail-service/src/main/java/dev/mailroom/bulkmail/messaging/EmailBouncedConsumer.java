package dev.mailroom.bulkmail.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.bulkmail.suppression.SuppressedAddresses;
import dev.mailroom.eventing.inbox.IncomingEvent;
import dev.mailroom.events.CloudEventHeaders;
import dev.mailroom.events.EmailBounced;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

/**
 * Reads email-lifecycle for bounces, a batch at a time: permanent ones suppress their address for bulk email. The
 * topic's other events (created, received, canceled) are passed over by their type header, without reading their
 * JSON. Retries without a limit, as the request consumer does: a bounce is never dropped for a database away.
 */
@ApplicationScoped
public class EmailBouncedConsumer {

    /** The channel: email-lifecycle in bulk-mail-service's consumer group. */
    static final String CHANNEL = "email-lifecycle";

    private static final Logger LOG = Logger.getLogger(EmailBouncedConsumer.class);

    private final SuppressedAddresses suppressed;
    private final ObjectMapper objectMapper;

    public EmailBouncedConsumer(SuppressedAddresses suppressed, ObjectMapper objectMapper) {
        this.suppressed = suppressed;
        this.objectMapper = objectMapper;
    }

    @Incoming(CHANNEL)
    @Blocking
    @Retry(maxRetries = -1, maxDuration = 0, delay = 1000, jitter = 500)
    @ExponentialBackoff(maxDelay = 30_000)
    public void consume(ConsumerRecords<String, String> records) {
        List<EmailBounced> bounces = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            Header type = record.headers().lastHeader(CloudEventHeaders.TYPE);
            if (type != null && EmailBounced.TYPE.equals(new String(type.value(), StandardCharsets.UTF_8))) {
                IncomingEvent.readOrSkip(record, EmailBounced.class, objectMapper)
                        .ifPresent(event -> bounces.add(event.payload()));
            }
        }
        if (!bounces.isEmpty()) {
            int written = suppressed.suppress(bounces);
            LOG.infof("%d bounce(s) read, %d address(es) suppressed for bulk email", bounces.size(), written);
        }
    }
}
