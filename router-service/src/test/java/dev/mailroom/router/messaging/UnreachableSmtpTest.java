package dev.mailroom.router.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.mailroom.events.EmailPending;
import dev.mailroom.events.Topics;
import dev.mailroom.localstack.testing.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With no SMTP server answering, a router retries with backoff, then reports the email Failed once. */
@QuarkusTest
@TestProfile(UnreachableSmtpTest.SmtpDown.class)
class UnreachableSmtpTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void shouldReportFailedAfterTheLastAttempt() throws Exception {
        UUID activityId = UUID.randomUUID();
        EmailPending event = new EmailPending(UUID.randomUUID(), Instant.now(), activityId, "a@mailroom.test",
                "a@mailroom.test", List.of("b@example.com"), List.of(), List.of(), "s", "<p>b</p>", null);
        KafkaTestClient kafka = new KafkaTestClient(bootstrapServers);
        kafka.publishCloudEvent(Topics.EMAIL_PENDING, event.senderMailbox(), UUID.randomUUID(), EmailPending.TYPE,
                mapper.writeValueAsString(event));

        ConsumerRecord<String, String> failed = kafka.awaitRecord(Topics.EMAIL_STATUS,
                r -> activityId.toString().equals(r.key()) && r.value().contains("\"statuscode\":8"),
                Duration.ofSeconds(60));
        JsonNode payload = mapper.readTree(failed.value());
        assertEquals(3, payload.get("deliveryAttempts").asInt());
        assertEquals(1, kafka.allRecords(Topics.EMAIL_STATUS, r -> activityId.toString().equals(r.key())
                && r.value().contains("\"statuscode\":8")).size());
        given().when().get("/q/metrics").then()
                .body(containsString("mailroom_router_sends_total{outcome=\"retried\"} 2.0"))
                .body(containsString("mailroom_router_sends_total{outcome=\"failed\"} 1.0"));
    }

    /** Port 1 on loopback: nothing listens, every connection is refused, a transient failure each time. */
    public static class SmtpDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.mailer.port", "1", "router.max-attempts", "3", "router.retry-backoff", "50ms");
        }
    }
}
