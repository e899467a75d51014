package dev.mailroom.router.support;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.mailroom.events.EmailPending;
import dev.mailroom.events.Topics;
import dev.mailroom.localstack.testing.KafkaTestClient;

/** Publishes pending emails as activity-service does and reads the router's status reports back. */
public final class PendingEvents {

    public static final String DEFAULT_FROM = "sales@mailroom.test";
    public static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final KafkaTestClient kafka;

    public PendingEvents(String bootstrapServers) {
        this.kafka = new KafkaTestClient(bootstrapServers);
    }

    public KafkaTestClient kafka() {
        return kafka;
    }

    public static EmailPending pending(UUID activityId, String to) {
        return new EmailPending(UUID.randomUUID(), Instant.now(), activityId, DEFAULT_FROM, DEFAULT_FROM, List.of(to),
                List.of(), List.of(), "Subject " + activityId, "<p>Hello " + activityId + "</p>", "CRM:0001001");
    }

    public static String json(EmailPending event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Keyed by activity id, as activity-service publishes pending mail. */
    public void publish(UUID eventId, EmailPending event) {
        kafka.publishCloudEvent(Topics.EMAIL_PENDING, event.activityId().toString(), eventId, EmailPending.TYPE,
                json(event));
    }

    public void publish(EmailPending event) {
        publish(UUID.randomUUID(), event);
    }

    public ConsumerRecord<String, String> awaitStatus(UUID activityId, int statuscode) {
        return kafka.awaitRecord(Topics.EMAIL_STATUS, r -> activityId.toString().equals(r.key())
                && r.value().contains("\"statuscode\":" + statuscode), Duration.ofSeconds(60));
    }

    public int countStatus(UUID activityId, int statuscode) {
        return kafka.allRecords(Topics.EMAIL_STATUS, r -> activityId.toString().equals(r.key())
                && r.value().contains("\"statuscode\":" + statuscode)).size();
    }

    public static String messageId(UUID activityId) {
        return "<" + activityId + "@mailroom.local>";
    }
}
