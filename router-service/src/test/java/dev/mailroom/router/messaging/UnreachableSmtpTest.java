package dev.mailroom.router.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.router.support.PendingEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With no SMTP server answering, a router retries with backoff from the ledger, then reports Failed once. */
@QuarkusTest
@TestProfile(UnreachableSmtpTest.SmtpDown.class)
class UnreachableSmtpTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void shouldReportFailedAfterTheLastAttempt() throws Exception {
        UUID activityId = UUID.randomUUID();
        PendingEvents events = new PendingEvents(bootstrapServers);
        events.publish(PendingEvents.pending(activityId, "b@example.com"));

        JsonNode payload = PendingEvents.MAPPER.readTree(events.awaitStatus(activityId, 8).value());
        assertEquals(3, payload.get("deliveryAttempts").asInt());
        assertEquals(1, events.countStatus(activityId, 8));
        given().when().get("/q/metrics").then()
                .body(containsString("mailroom_router_sends_total{outcome=\"retried\"} 2.0"))
                .body(containsString("mailroom_router_sends_total{outcome=\"failed\"} 1.0"));
    }

    /** Port 1 on loopback: nothing listens, every connection is refused, a transient failure each time. */
    public static class SmtpDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("router.smtp.port", "1", "router.max-attempts", "3", "router.retry-backoff", "50ms");
        }
    }
}
