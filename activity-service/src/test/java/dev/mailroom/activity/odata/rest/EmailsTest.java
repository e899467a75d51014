package dev.mailroom.activity.odata.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.events.CloudEventHeaders;
import dev.mailroom.events.EmailPending;
import dev.mailroom.events.Topics;
import dev.mailroom.localstack.testing.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class EmailsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private static final String DEFAULT_SENDER = "sender@mailroom.test";
    private static final String DEFAULT_RECIPIENT = "someone@example.com";

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void shouldCreateDraftAndAnswerWithEntityId() {
        UUID id = EmailApi.createEmail(EmailApi.emailBody("Quarterly report", DEFAULT_SENDER, DEFAULT_RECIPIENT));

        given().when().get(EmailApi.ROOT + "emails(" + id + ")")
                .then().statusCode(200)
                .header("OData-Version", "4.0")
                .header("Content-Type", "application/json; odata.metadata=minimal")
                .body("createdon", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"))
                .body("activityid", equalTo(id.toString()))
                .body("subject", equalTo("Quarterly report"))
                .body("statuscode", equalTo(1))
                .body("statecode", equalTo(0))
                .body("directioncode", equalTo(true))
                .body("sender", equalTo(DEFAULT_SENDER))
                .body("torecipients", equalTo(DEFAULT_RECIPIENT))
                .body("'@odata.etag'", matchesPattern("W/\"\\d+\""))
                .body("'@odata.context'", endsWith("/api/data/v9.2/$metadata#emails/$entity"));
    }

    @Test
    void shouldExpandPartiesAndSelectColumns() {
        UUID id = EmailApi.createEmail(EmailApi.emailBody("Parties", DEFAULT_SENDER, DEFAULT_RECIPIENT));

        given().queryParam("$select", "subject,statuscode")
                .queryParam("$expand", "email_activity_parties($select=participationtypemask,addressused)")
                .when().get(EmailApi.ROOT + "emails(" + id + ")")
                .then().statusCode(200)
                .body("subject", equalTo("Parties"))
                .body("description", nullValue())
                .body("email_activity_parties", hasSize(2))
                .body("email_activity_parties[0].participationtypemask", equalTo(1))
                .body("email_activity_parties[0].addressused", equalTo(DEFAULT_SENDER))
                .body("email_activity_parties[1].participationtypemask", equalTo(2))
                .body("email_activity_parties[1].addressused", equalTo(DEFAULT_RECIPIENT));
    }

    @Test
    void shouldReturnRepresentationWhenPreferred() {
        given().contentType("application/json").header("Prefer", "return=representation")
                .body(EmailApi.emailBody("Represented", DEFAULT_SENDER, DEFAULT_RECIPIENT))
                .when().post(EmailApi.ROOT + "emails")
                .then().statusCode(201)
                .header("Preference-Applied", "return=representation")
                .body("subject", equalTo("Represented"))
                .body("statuscode", equalTo(1))
                .body("activityid", notNullValue());
    }

    @Test
    void shouldIssueSendAndPublishPendingEventThroughOutbox() throws Exception {
        UUID id = EmailApi.createEmail(EmailApi.emailBody("Please send me", DEFAULT_SENDER, DEFAULT_RECIPIENT));

        EmailApi.sendEmail(id, true).then().statusCode(200)
                .body("Subject", matchesPattern("Please send me CRM:0\\d{4,}"))
                .body("'@odata.context'", endsWith("$metadata#Microsoft.Dynamics.CRM.SendEmailResponse"));

        given().when().get(EmailApi.ROOT + "emails(" + id + ")")
                .then().statusCode(200)
                .body("statuscode", equalTo(6))
                .body("statecode", equalTo(1))
                .body("trackingtoken", matchesPattern("CRM:0\\d{4,}"));

        ConsumerRecord<String, String> record = kafka().awaitRecord(Topics.EMAIL_PENDING,
                r -> id.toString().equals(KafkaTestClient.header(r, CloudEventHeaders.SUBJECT)),
                Duration.ofSeconds(30));
        assertEquals(id.toString(), record.key());
        assertEquals("1.0", KafkaTestClient.header(record, CloudEventHeaders.SPEC_VERSION));
        assertEquals(EmailPending.TYPE, KafkaTestClient.header(record, CloudEventHeaders.TYPE));
        assertEquals("/activity-service", KafkaTestClient.header(record, CloudEventHeaders.SOURCE));
        assertTrue(KafkaTestClient.header(record, CloudEventHeaders.TIME).endsWith("Z"));
        JsonNode payload = mapper.readTree(record.value());
        assertEquals(KafkaTestClient.header(record, CloudEventHeaders.ID), payload.get("eventId").asText());
        assertEquals(id.toString(), payload.get("activityId").asText());
        assertEquals("Please send me " + payload.get("trackingToken").asText(), payload.get("subject").asText());
        assertEquals(DEFAULT_RECIPIENT, payload.get("to").get(0).asText());
        assertEquals("<p>Hello from Mailroom</p>", payload.get("htmlBody").asText());
    }

    @Test
    void shouldIssueEachEmailOnlyOnce() {
        UUID id = EmailApi.createEmail(EmailApi.emailBody("Only once", DEFAULT_SENDER, DEFAULT_RECIPIENT));
        EmailApi.sendEmail(id, true).then().statusCode(200);

        EmailApi.sendEmail(id, true).then().statusCode(400)
                .body("error.code", equalTo("0x80040203"))
                .body("error.message", matchesPattern(".*Draft.*Pending Send.*"));

        assertEquals(1, kafka().allRecords(Topics.EMAIL_PENDING,
                r -> id.toString().equals(KafkaTestClient.header(r, CloudEventHeaders.SUBJECT))).size());
    }

    @Test
    void shouldRecordAsSentWithoutSendingWhenIssueSendIsFalse() {
        UUID id = EmailApi.createEmail(EmailApi.emailBody("Sent elsewhere", DEFAULT_SENDER, DEFAULT_RECIPIENT));

        EmailApi.sendEmail(id, false).then().statusCode(200).body("Subject", startsWith("Sent elsewhere CRM:"));

        given().when().get(EmailApi.ROOT + "emails(" + id + ")")
                .then().statusCode(200)
                .body("statuscode", equalTo(3))
                .body("statecode", equalTo(1))
                .body("senton", notNullValue());
        assertTrue(kafka().allRecords(Topics.EMAIL_PENDING,
                r -> id.toString().equals(KafkaTestClient.header(r, CloudEventHeaders.SUBJECT))).isEmpty());
    }

    @Test
    void shouldKeepGivenTrackingToken() {
        UUID id = EmailApi.createEmail(EmailApi.emailBody("Tracked", DEFAULT_SENDER, DEFAULT_RECIPIENT));

        EmailApi.post("emails(" + id + ")/Microsoft.Dynamics.CRM.SendEmail",
                "{\"IssueSend\": false, \"TrackingToken\": \"CRM:0042\"}").then().statusCode(200);

        // Keys in braces, as some clients write them (percent-encoded here because RestAssured reads {} as a template).
        given().urlEncodingEnabled(false).when().get(EmailApi.ROOT + "emails(%7B" + id + "%7D)")
                .then().statusCode(200).body("trackingtoken", equalTo("CRM:0042"))
                .body("subject", equalTo("Tracked CRM:0042"));
    }

    private KafkaTestClient kafka() {
        return new KafkaTestClient(bootstrapServers);
    }
}
