package dev.mailroom.activity.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.mailroom.events.EmailStatusChanged;
import dev.mailroom.events.Topics;
import dev.mailroom.localstack.testing.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;

/** Status reports arrive over the real broker, are applied once, and never move an email backwards. */
@QuarkusTest
class EmailStatusHandlerTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private static final String ROOT = "/api/data/v9.2/";

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void shouldApplySentReportAndIgnoreLaterSending() throws Exception {
        UUID id = pendingEmail();
        report(UUID.randomUUID(), id, 3, 1, id);
        awaitStatus(id, 3);
        given().when().get(ROOT + "emails(" + id + ")").then()
                .body("statecode", equalTo(1))
                .body("deliveryattempts", equalTo(1))
                .body("messageid", equalTo("<" + id + "@mailroom.test>"));

        // A Sending report that lost the race must not undo Sent.
        report(UUID.randomUUID(), id, 7, 1, id);
        awaitMarkerBehind(id);
        given().when().get(ROOT + "emails(" + id + ")").then().body("statuscode", equalTo(3));
    }

    @Test
    void shouldApplyRepeatedEventOnlyOnce() throws Exception {
        UUID id = pendingEmail();
        UUID eventId = UUID.randomUUID();
        report(eventId, id, 7, 1, id);
        awaitStatus(id, 7);

        // The same event id again, now claiming Sent: the rank would let Sent through, the event log must not.
        report(eventId, id, 3, 2, id);
        awaitMarkerBehind(id);
        given().when().get(ROOT + "emails(" + id + ")").then()
                .body("statuscode", equalTo(7))
                .body("deliveryattempts", equalTo(1));
    }

    @Test
    void shouldSkipMalformedEventAndKeepConsuming() {
        UUID id = pendingEmail();
        kafka().publish(new ProducerRecord<>(Topics.EMAIL_STATUS, id.toString(), "not a cloud event"));
        report(UUID.randomUUID(), id, 3, 1, id);
        awaitStatus(id, 3);
    }

    /**
     * Sends a report about another email on the same key, so on the same partition right behind what the test
     * published, and waits until it is applied: everything published before it has been consumed by then.
     */
    private void awaitMarkerBehind(UUID key) {
        UUID marker = pendingEmail();
        report(UUID.randomUUID(), marker, 3, 1, key);
        awaitStatus(marker, 3);
    }

    private UUID pendingEmail() {
        var response = given().contentType("application/json").body("""
                {"subject":"Status","email_activity_parties":[
                  {"participationtypemask":1,"addressused":"a@b.io"},
                  {"participationtypemask":2,"addressused":"c@d.io"}]}
                """).when().post(ROOT + "emails");
        String entityId = response.header("OData-EntityId");
        UUID id = UUID.fromString(entityId.substring(entityId.indexOf("emails(") + 7, entityId.length() - 1));
        given().contentType("application/json").body("{\"IssueSend\":true}")
                .when().post(ROOT + "emails(" + id + ")/Microsoft.Dynamics.CRM.SendEmail").then().statusCode(200);
        return id;
    }

    private void report(UUID eventId, UUID activityId, int statuscode, int attempts, UUID key) {
        try {
            String json = mapper.writeValueAsString(new EmailStatusChanged(eventId, Instant.now(), activityId,
                    statuscode, "<" + activityId + "@mailroom.test>", attempts, statuscode == 8 ? "refused" : null));
            kafka().publishCloudEvent(Topics.EMAIL_STATUS, key.toString(), eventId,
                    EmailStatusChanged.TYPE, json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitStatus(UUID id, int statuscode) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().when().get(ROOT + "emails(" + id + ")").then().body("statuscode", equalTo(statuscode)));
    }

    private KafkaTestClient kafka() {
        return new KafkaTestClient(bootstrapServers);
    }
}
