package dev.mailroom.activity.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.mailroom.events.EmailCreated;
import dev.mailroom.events.EmailStatusChanged;
import dev.mailroom.events.Topics;
import dev.mailroom.localstack.testing.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Events about one email applied in any order converge on one row: a status before the email exists, Sent before
 * Sending, and the same event twice. The email is created over the real broker, as a bulk job creates it.
 */
@QuarkusTest
class ConvergingEventsTest {

    private static final String ROOT = "/api/data/v9.2/";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    DataSource dataSource;

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void shouldApplySentThatArrivedBeforeTheEmail() {
        UUID id = UUID.randomUUID();
        report(UUID.randomUUID(), id, 3, 1);
        awaitParked(id);

        created(UUID.randomUUID(), id, "first@example.org");
        awaitStatus(id, 3);
        given().when().get(ROOT + "emails(" + id + ")").then()
                .body("statecode", equalTo(1))
                .body("deliveryattempts", equalTo(1))
                .body("messageid", equalTo("<" + id + "@mailroom.test>"))
                .body("senton", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void shouldKeepSentWhenSendingArrivesAfterItBeforeTheEmail() {
        UUID id = UUID.randomUUID();
        report(UUID.randomUUID(), id, 3, 2);
        report(UUID.randomUUID(), id, 7, 1);
        awaitParked(id);

        created(UUID.randomUUID(), id, "second@example.org");
        awaitStatus(id, 3);
        given().when().get(ROOT + "emails(" + id + ")").then().body("deliveryattempts", equalTo(2));

        // Sending again, now that the email exists: still Sent.
        report(UUID.randomUUID(), id, 7, 3);
        UUID marker = UUID.randomUUID();
        created(UUID.randomUUID(), marker, "marker@example.org");
        report(UUID.randomUUID(), marker, 3, 1, id);
        awaitStatus(marker, 3);
        given().when().get(ROOT + "emails(" + id + ")").then().body("statuscode", equalTo(3));
    }

    @Test
    void shouldApplyTheSameEventsOnlyOnce() {
        UUID id = UUID.randomUUID();
        UUID statusEvent = UUID.randomUUID();
        UUID createdEvent = UUID.randomUUID();
        report(statusEvent, id, 7, 1);
        report(statusEvent, id, 7, 1);
        created(createdEvent, id, "twice@example.org");
        created(createdEvent, id, "twice@example.org");
        // A different event for the same email (a redelivered bulk page) is still one email.
        created(UUID.randomUUID(), id, "twice@example.org");
        awaitStatus(id, 7);

        UUID marker = UUID.randomUUID();
        created(UUID.randomUUID(), marker, "marker@example.org");
        report(UUID.randomUUID(), marker, 3, 1, id);
        awaitStatus(marker, 3);
        given().queryParam("$filter", "_activityid_value eq " + id)
                .when().get(ROOT + "activityparties").then().statusCode(200)
                .body("value", hasSize(2))
                .body("value.addressused", hasItems("bulk@mailroom.test", "twice@example.org"));
        // The parties of created emails get time-ordered ids (UUID version 7), as every id activity-service makes.
        List<String> parties = given().queryParam("$filter", "_activityid_value eq " + id)
                .when().get(ROOT + "activityparties").then().extract().path("value.activitypartyid");
        for (String party : parties) {
            assertEquals(7, UUID.fromString(party).version(), party);
        }
    }

    /**
     * A bulk job counts each email's outcome once: a Sent reported twice under two event ids (a router that took over
     * an in-doubt send reports again), a Sent parked before its email, and a Sending after Sent move nothing twice.
     */
    @Test
    void shouldCountEachOutcomeOfAJobOnce() throws Exception {
        UUID job = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO asyncoperation (asyncoperationid, "
                        + "operationtype, statecode, statuscode, createdon, modifiedon) VALUES (?, 2, 1, 20, now(), "
                        + "now())")) {
            insert.setObject(1, job);
            insert.executeUpdate();
        }
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID failed = UUID.randomUUID();
        created(UUID.randomUUID(), first, "first-of-job@example.org", job);
        awaitStatus(first, 6);
        report(UUID.randomUUID(), first, 3, 1, job);
        report(UUID.randomUUID(), first, 3, 1, job);
        report(UUID.randomUUID(), first, 7, 2, job);
        report(UUID.randomUUID(), second, 3, 1, job);
        awaitParked(second);
        created(UUID.randomUUID(), second, "second-of-job@example.org", job);
        report(UUID.randomUUID(), second, 3, 1, job);
        created(UUID.randomUUID(), failed, "failed-of-job@example.org", job);
        report(UUID.randomUUID(), failed, 8, 3, job);
        report(UUID.randomUUID(), failed, 3, 1, job);
        awaitStatus(first, 3);
        awaitStatus(second, 3);
        awaitStatus(failed, 8);

        // Every report went to one partition (keyed by the job): once the marker behind them is applied, all were.
        UUID marker = UUID.randomUUID();
        created(UUID.randomUUID(), marker, "marker@example.org");
        report(UUID.randomUUID(), marker, 3, 1, job);
        awaitStatus(marker, 3);
        given().when().get(ROOT + "asyncoperations(" + job + ")").then().statusCode(200)
                .body("mailroom_sent", equalTo(2))
                .body("mailroom_failed", equalTo(1));
        given().when().get(ROOT + "emails(" + failed + ")").then().body("deliveryattempts", equalTo(3));
    }

    /** Text columns travel as binary arrays: every character an array literal would quote comes back as written. */
    @Test
    void shouldStoreTextsAsWritten() {
        UUID activityId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        String subject = "Quotes \" and \\ {braces}, commas, NULL, \u00e9 \u20ac \ud83d\ude00";
        String body = "<p title=\"a,b\">{\"json\": [1, \"x\"]}\\n\nNULL\t\u20ac \ud83d\ude00 '\u00a0'</p>";
        String to = "\"Reader, Dear\" <reader@example.org>";
        publish(Topics.EMAIL_CREATED, activityId, eventId, EmailCreated.TYPE, new EmailCreated(eventId,
                Instant.now(), activityId, null, subject, body, "bulk@mailroom.test", null, null, to, null, null,
                null, null));
        awaitStatus(activityId, 6);
        given().when().get(ROOT + "emails(" + activityId + ")").then()
                .body("subject", equalTo(subject))
                .body("description", equalTo(body))
                .body("torecipients", equalTo(to));
        report(UUID.randomUUID(), activityId, 3, 1);
        awaitStatus(activityId, 3);
        given().when().get(ROOT + "emails(" + activityId + ")").then()
                .body("messageid", equalTo("<" + activityId + "@mailroom.test>"));
    }

    private void awaitParked(UUID id) {
        // Nothing to see through the API while parked: the email does not exist.
        Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().when().get(ROOT + "emails(" + id + ")").then().statusCode(404));
    }

    private void report(UUID eventId, UUID activityId, int statuscode, int attempts) {
        report(eventId, activityId, statuscode, attempts, activityId);
    }

    private void report(UUID eventId, UUID activityId, int statuscode, int attempts, UUID key) {
        publish(Topics.EMAIL_STATUS, key, eventId, EmailStatusChanged.TYPE, new EmailStatusChanged(eventId,
                Instant.now(), activityId, statuscode, "<" + activityId + "@mailroom.test>", attempts, null));
    }

    private void created(UUID eventId, UUID activityId, String to) {
        created(eventId, activityId, to, null);
    }

    private void created(UUID eventId, UUID activityId, String to, UUID job) {
        publish(Topics.EMAIL_CREATED, activityId, eventId, EmailCreated.TYPE, new EmailCreated(eventId,
                Instant.now(), activityId, job, "Hello", "<p>Hello</p>", "bulk@mailroom.test", null, null, to,
                null, null, null, null));
    }

    private void publish(String topic, UUID key, UUID eventId, String type, Object payload) {
        try {
            new KafkaTestClient(bootstrapServers).publishCloudEvent(topic, key.toString(), eventId, type,
                    mapper.writeValueAsString(payload));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitStatus(UUID id, int statuscode) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().when().get(ROOT + "emails(" + id + ")").then().body("statuscode", equalTo(statuscode)));
    }
}
