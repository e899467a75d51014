package dev.mailroom.activity.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.mailroom.events.CloudEventHeaders;
import dev.mailroom.events.DeliveryReport;
import dev.mailroom.events.EmailBounced;
import dev.mailroom.events.EmailStatusChanged;
import dev.mailroom.events.IncomingEmailReceived;
import dev.mailroom.events.Topics;
import dev.mailroom.localstack.testing.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Bounces over the real broker: a delivery report a router pulled is delivered as a Received email in the
 * conversation of the email it reports on, moves that email from Sent to Failed when every recipient failed, and is
 * published once per failed recipient as EmailBounced, however often the report is read.
 */
@QuarkusTest
class BouncesTest {

    private static final String ROOT = "/api/data/v9.2/";
    private static final Pattern HARD =
            Pattern.compile("(?m)^mailroom_bounces_total\\{[^}]*kind=\"hard\"[^}]*} (\\S+)");
    private static final Pattern UNMATCHED =
            Pattern.compile("(?m)^mailroom_bounces_unmatched_total(?:\\{[^}]*})? (\\S+)");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void shouldFailTheEmailAndPublishItsHardBounceOnceHoweverOftenTheReportIsRead() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String address = "nobody-" + tag + "@example.net";
        UUID email = sentEmail(address);
        double hard = metric(HARD);

        UUID report = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        // The address in another case, as a remote server may write it back.
        DeliveryReport failed = new DeliveryReport(messageId(email), List.of(new DeliveryReport.Recipient(
                address.toUpperCase(java.util.Locale.ROOT), "failed", "5.1.1",
                "smtp; 550 5.1.1 <" + address + ">: Recipient address rejected: User unknown")));
        publishReport(eventId, report, "<dsn-" + tag + "@mx.example.net>", failed, report);
        // The same event again, and the same message pulled again (a new event): one email, one bounce.
        publishReport(eventId, report, "<dsn-" + tag + "@mx.example.net>", failed, report);
        publishReport(UUID.randomUUID(), report, "<dsn-" + tag + "@mx.example.net>", failed, report);
        awaitMarkerBehind(report);

        awaitStatus(email, 8);
        given().when().get(ROOT + "emails(" + email + ")").then().body("statecode", equalTo(0));
        given().when().get(ROOT + "emails(" + report + ")").then().statusCode(200)
                .body("statuscode", equalTo(4))
                .body("correlationmethod", equalTo(3))
                .body("_parentactivityid_value", equalTo(email.toString()));
        List<ConsumerRecord<String, String>> bounces = Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> bouncesOf(email), found -> !found.isEmpty());
        assertEquals(1, bounces.size(), "one EmailBounced for the one failed recipient");
        JsonNode bounce = mapper.readTree(bounces.get(0).value());
        assertEquals(report.toString(), bounce.path("reportActivityId").asText());
        assertEquals(address.toUpperCase(java.util.Locale.ROOT), bounce.path("address").asText());
        assertEquals("5.1.1", bounce.path("status").asText());
        assertTrue(bounce.path("diagnosticCode").asText().contains("User unknown"));
        assertTrue(bounce.path("permanent").asBoolean());
        assertTrue(bounce.path("emailFailed").asBoolean());
        assertEquals(email.toString(), bounces.get(0).key());
        assertEquals(hard + 1, metric(HARD), 0.0);

        // A Sent report read again later does not undo the bounce (same rank).
        report(email, 3);
        awaitMarkerBehind(email);
        awaitStatus(email, 8);
    }

    @Test
    void shouldKeepAnEmailSentWhileOneOfItsRecipientsDidNotFail() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        UUID email = sentEmail("gone-" + tag + "@example.net", "fine-" + tag + "@example.net");
        UUID report = UUID.randomUUID();
        // A server that gave up after transient failures (4.4.7) for one recipient, delivered to the other.
        publishReport(UUID.randomUUID(), report, "<dsn-" + tag + "@mx.example.net>", new DeliveryReport(
                messageId(email), List.of(
                        new DeliveryReport.Recipient("gone-" + tag + "@example.net", "failed", "4.4.7",
                                "smtp; 421 4.4.7 Message expired"),
                        new DeliveryReport.Recipient("fine-" + tag + "@example.net", "delivered", "2.0.0", null))),
                report);
        awaitMarkerBehind(report);

        given().when().get(ROOT + "emails(" + report + ")").then().statusCode(200)
                .body("_parentactivityid_value", equalTo(email.toString()));
        given().when().get(ROOT + "emails(" + email + ")").then().body("statuscode", equalTo(3));
        List<ConsumerRecord<String, String>> bounces = Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> bouncesOf(email), found -> !found.isEmpty());
        assertEquals(1, bounces.size(), "the failed recipient only");
        JsonNode bounce = mapper.readTree(bounces.get(0).value());
        assertEquals("gone-" + tag + "@example.net", bounce.path("address").asText());
        assertEquals(false, bounce.path("permanent").asBoolean(), "a transient failure is no hard bounce");
        assertEquals(false, bounce.path("emailFailed").asBoolean());
    }

    @Test
    void shouldDeliverAReportOnNoKnownEmailOrOnlyADelayAsAnOrdinaryMessage() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        UUID email = sentEmail("slow-" + tag + "@example.net");
        double unmatched = metric(UNMATCHED);
        UUID delayed = UUID.randomUUID();
        publishReport(UUID.randomUUID(), delayed, "<delay-" + tag + "@mx.example.net>", new DeliveryReport(
                messageId(email), List.of(new DeliveryReport.Recipient("slow-" + tag + "@example.net", "delayed",
                        "4.2.2", "smtp; 452 4.2.2 Mailbox full"))), delayed);
        UUID stranger = UUID.randomUUID();
        publishReport(UUID.randomUUID(), stranger, "<stranger-" + tag + "@mx.example.net>", new DeliveryReport(
                "<never-sent-" + tag + "@elsewhere.test>", List.of(new DeliveryReport.Recipient(
                        "someone@elsewhere.test", "failed", "5.1.1", null))), delayed);
        awaitMarkerBehind(delayed);

        given().when().get(ROOT + "emails(" + delayed + ")").then().statusCode(200).body("statuscode", equalTo(4));
        given().when().get(ROOT + "emails(" + stranger + ")").then().statusCode(200).body("correlationmethod",
                equalTo(0));
        given().when().get(ROOT + "emails(" + email + ")").then().body("statuscode", equalTo(3));
        assertEquals(List.of(), bouncesOf(email), "a delay is no bounce");
        assertEquals(unmatched + 1, metric(UNMATCHED), 0.0);
    }

    /** An email sent to {@code to} (created through the Web API, issued, and reported Sent by a router). */
    private UUID sentEmail(String... to) {
        StringBuilder parties =
                new StringBuilder("{\"participationtypemask\":1,\"addressused\":\"news@mailroom.test\"}");
        for (String address : to) {
            parties.append(",{\"participationtypemask\":2,\"addressused\":\"").append(address).append("\"}");
        }
        var response = given().contentType("application/json")
                .body("{\"subject\":\"Bounce me\",\"email_activity_parties\":[" + parties + "]}")
                .when().post(ROOT + "emails");
        String entityId = response.header("OData-EntityId");
        UUID id = UUID.fromString(entityId.substring(entityId.indexOf("emails(") + 7, entityId.length() - 1));
        given().contentType("application/json").body("{\"IssueSend\":true}")
                .when().post(ROOT + "emails(" + id + ")/Microsoft.Dynamics.CRM.SendEmail").then().statusCode(200);
        report(id, 3);
        awaitStatus(id, 3);
        return id;
    }

    private static String messageId(UUID email) {
        return "<" + email + "@mailroom.test>";
    }

    private void report(UUID email, int statuscode) {
        UUID eventId = UUID.randomUUID();
        try {
            kafka().publishCloudEvent(Topics.EMAIL_STATUS, email.toString(), eventId, EmailStatusChanged.TYPE,
                    mapper.writeValueAsString(new EmailStatusChanged(eventId, Instant.now(), email, statuscode,
                            messageId(email), 1, null)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void publishReport(UUID eventId, UUID activityId, String messageId, DeliveryReport report, UUID key) {
        try {
            String json = mapper.writeValueAsString(new IncomingEmailReceived(eventId, Instant.now(), activityId,
                    UUID.randomUUID(), messageId, null, List.of(), "MAILER-DAEMON@mx.example.net",
                    List.of("news@mailroom.test"), List.of(), "Undelivered Mail Returned to Sender",
                    "<div>This is the mail system.</div>", Instant.now(), List.of(), report));
            kafka().publishCloudEvent(Topics.EMAIL_INCOMING, key.toString(), eventId, IncomingEmailReceived.TYPE,
                    json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * An ordinary message on the same key, so on the same partition right behind what the test published, waited
     * for: everything before it has been consumed by then.
     */
    private void awaitMarkerBehind(UUID key) {
        UUID marker = UUID.randomUUID();
        publishReport(UUID.randomUUID(), marker, "<marker-" + marker + "@incoming.test>", null, key);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().when().get(ROOT + "emails(" + marker + ")").then().statusCode(200));
    }

    /** The EmailBounced events about an email on email-lifecycle (published through the outbox, so waited for). */
    private List<ConsumerRecord<String, String>> bouncesOf(UUID email) {
        return kafka().allRecords(Topics.EMAIL_LIFECYCLE, record -> email.toString().equals(record.key())
                && EmailBounced.TYPE.equals(KafkaTestClient.header(record, CloudEventHeaders.TYPE)));
    }

    private KafkaTestClient kafka() {
        return new KafkaTestClient(bootstrapServers);
    }

    private static double metric(Pattern pattern) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher value = pattern.matcher(metrics);
        return value.find() ? Double.parseDouble(value.group(1)) : 0;
    }

    private static void awaitStatus(UUID id, int statuscode) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().when().get(ROOT + "emails(" + id + ")").then().body("statuscode", equalTo(statuscode)));
    }
}
