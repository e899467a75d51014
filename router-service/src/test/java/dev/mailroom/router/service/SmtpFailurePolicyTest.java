package dev.mailroom.router.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.router.mail.ScriptedSmtpServer;
import dev.mailroom.router.support.PendingEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The retry and exactly-once policy against an SMTP server that fails on cue, with real Kafka and PostgreSQL. */
@QuarkusTest
@TestProfile(SmtpFailurePolicyTest.Scripted.class)
class SmtpFailurePolicyTest {

    private static final ScriptedSmtpServer SMTP = start();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void shouldRetryTransientFailuresWithoutHoldingUpOtherMail() throws Exception {
        UUID flaky = UUID.randomUUID();
        UUID healthy = UUID.randomUUID();
        PendingEvents events = new PendingEvents(bootstrapServers);
        events.publish(PendingEvents.pending(flaky, "tempfail-" + flaky + "@example.com"));
        events.publish(PendingEvents.pending(healthy, "ok-" + healthy + "@example.com"));

        events.awaitStatus(healthy, 3);
        JsonNode sent = PendingEvents.MAPPER.readTree(events.awaitStatus(flaky, 3).value());
        assertEquals(3, sent.get("deliveryAttempts").asInt(), "two 451 replies, then accepted");
        assertEquals(1, SMTP.deliveredCount(PendingEvents.messageId(flaky)));
        assertEquals(1, SMTP.deliveredCount(PendingEvents.messageId(healthy)));
    }

    @Test
    void shouldFailAtOnceOnAPermanentRefusalWithTheReply() throws Exception {
        UUID activityId = UUID.randomUUID();
        PendingEvents events = new PendingEvents(bootstrapServers);
        events.publish(PendingEvents.pending(activityId, "reject-" + activityId + "@example.com"));

        JsonNode failed = PendingEvents.MAPPER.readTree(events.awaitStatus(activityId, 8).value());
        assertEquals(1, failed.get("deliveryAttempts").asInt());
        assertTrue(failed.get("failureReason").asText().contains("550 5.1.1"), failed.toString());
    }

    @Test
    void shouldResendAnUnknownOutcomeOnceWithTheSameMessageId() throws Exception {
        UUID activityId = UUID.randomUUID();
        PendingEvents events = new PendingEvents(bootstrapServers);
        events.publish(PendingEvents.pending(activityId, "drop-" + activityId + "@example.com"));

        JsonNode sent = PendingEvents.MAPPER.readTree(events.awaitStatus(activityId, 3).value());
        assertEquals(2, sent.get("deliveryAttempts").asInt());
        assertEquals(2, SMTP.deliveredCount(PendingEvents.messageId(activityId)),
                "the connection dropped after the dot: one resend, same Message-ID, and no more");
        assertEquals(1, events.countStatus(activityId, 3));
        given().when().get("/q/metrics").then()
                .body(containsString("mailroom_router_unknown_resends_total 1.0"))
                .body(containsString("mailroom_router_sends_total{outcome=\"unknown\"} 1.0"));
    }

    @Test
    void shouldKeepTheClaimOfASendSlowerThanTheLease() throws Exception {
        UUID activityId = UUID.randomUUID();
        PendingEvents events = new PendingEvents(bootstrapServers);
        events.publish(PendingEvents.pending(activityId, "slow-" + activityId + "@example.com"));

        // Three slow replies (RCPT, DATA, the dot) take 4.5 s, longer than the 3 s lease: without renewal the poller
        // would take the claim over as abandoned and send a second copy.
        JsonNode sent = PendingEvents.MAPPER.readTree(events.awaitStatus(activityId, 3).value());
        assertEquals(1, sent.get("deliveryAttempts").asInt());
        assertEquals(1, SMTP.deliveredCount(PendingEvents.messageId(activityId)));
        assertEquals(1, events.countStatus(activityId, 3));
    }

    private static ScriptedSmtpServer start() {
        try {
            return new ScriptedSmtpServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SMTP goes to the scripted server; a short lease and timeout keep the waits of this test small. */
    public static class Scripted implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("router.smtp.port", String.valueOf(SMTP.port()), "router.smtp.timeout", "2s",
                    "router.claim-lease", "3s", "router.retry-backoff", "200ms", "router.max-attempts", "5");
        }
    }
}
