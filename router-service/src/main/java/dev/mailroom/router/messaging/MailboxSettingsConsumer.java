package dev.mailroom.router.messaging;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.events.CloudEventHeaders;
import dev.mailroom.events.EmailApprovalSettingsChanged;
import dev.mailroom.events.EmailServerProfileChanged;
import dev.mailroom.events.MailboxChanged;
import dev.mailroom.events.MailboxOwnerChanged;
import dev.mailroom.events.Topics;
import dev.mailroom.router.mailbox.MailboxProjections;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Keeps the router's mailbox projections up to date from the compacted {@link Topics#MAILBOX_SETTINGS} topic. All
 * routers share the projections (one schema), so one consumer group is enough; in order per key, and each upsert
 * is idempotent, so a redelivery changes nothing.
 */
@ApplicationScoped
public class MailboxSettingsConsumer {

    private static final Logger LOG = Logger.getLogger(MailboxSettingsConsumer.class);

    private final MailboxProjections projections;
    private final ObjectMapper objectMapper;

    public MailboxSettingsConsumer(MailboxProjections projections, ObjectMapper objectMapper) {
        this.projections = projections;
        this.objectMapper = objectMapper;
    }

    @Incoming(Topics.MAILBOX_SETTINGS)
    @Blocking
    @Retry(maxRetries = 60, delay = 1000, maxDuration = 180_000, jitter = 200)
    public void consume(ConsumerRecord<String, String> record) {
        String type = header(record, CloudEventHeaders.TYPE);
        try {
            if (MailboxChanged.TYPE.equals(type)) {
                projections.apply(objectMapper.readValue(record.value(), MailboxChanged.class));
            } else if (MailboxOwnerChanged.TYPE.equals(type)) {
                projections.apply(objectMapper.readValue(record.value(), MailboxOwnerChanged.class));
            } else if (EmailApprovalSettingsChanged.TYPE.equals(type)) {
                projections.apply(objectMapper.readValue(record.value(), EmailApprovalSettingsChanged.class));
            } else if (EmailServerProfileChanged.TYPE.equals(type)) {
                projections.apply(objectMapper.readValue(record.value(), EmailServerProfileChanged.class));
            } else {
                // A newer publisher's event type: the catalogue evolves additively, so skipping it is safe.
                LOG.warnf("Skipping %s at %s-%d@%d: not an event type this router knows", type, record.topic(),
                        record.partition(), record.offset());
            }
        } catch (JsonProcessingException | IllegalArgumentException e) {
            LOG.errorf("Skipping unreadable %s at %s-%d@%d: %s", type, record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
