package dev.mailroom.activity.bulk;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.mailroom.events.BulkMailCancelRequested;
import dev.mailroom.events.BulkMailProgress;
import dev.mailroom.events.BulkMailRequested;
import dev.mailroom.events.CloudEventHeaders;
import dev.mailroom.events.Topics;
import dev.mailroom.localstack.testing.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;

/** SendBulkMail records a Waiting bulk job and publishes it; a client can cancel it; progress reaches the job. */
@QuarkusTest
class SendBulkMailTest {

    private static final String ROOT = "/api/data/v9.2/";
    private static final String ADMIN = "6d61696c-726f-4f6d-8000-000000000002";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void shouldRecordAWaitingJobAndPublishTheRequest() throws Exception {
        UUID template = template("contact", "Hello {!contact:firstname;friend}");
        UUID regarding = regarding();
        String job = given().contentType("application/json").body(request(template, regarding,
                "contacts?$filter=lastname eq 'Bulk'")).when().post(ROOT + "SendBulkMail")
                .then().statusCode(200).extract().path("AsyncOperationId");

        given().when().get(ROOT + "asyncoperations(" + job + ")").then().statusCode(200)
                .body("operationtype", equalTo(2))
                .body("statecode", equalTo(1))
                .body("statuscode", equalTo(10))
                .body("messagename", equalTo("SendBulkMail"))
                .body("regardingobjectid", equalTo(regarding.toString()));

        ConsumerRecord<String, String> record = kafka().awaitRecord(Topics.BULK_MAIL_REQUESTED,
                r -> job.equals(r.key()), Duration.ofSeconds(60));
        assertEquals(BulkMailRequested.TYPE, KafkaTestClient.header(record, CloudEventHeaders.TYPE));
        BulkMailRequested event = mapper.readValue(record.value(), BulkMailRequested.class);
        assertEquals("contacts", event.entitySet());
        assertEquals("lastname eq 'Bulk'", event.filter());
        // The job carries the template as stored, so later edits of the template leave it unchanged.
        String storedBody = given().when().get(ROOT + "templates(" + template + ")?$select=body")
                .then().statusCode(200).extract().path("body");
        assertEquals(storedBody, event.templateBody());
        assertEquals("admin@mailroom.local", event.senderAddress());
    }

    @Test
    void shouldRefuseBadRequestsWithDataverseErrors() throws Exception {
        UUID template = template("contact", "Hi");
        UUID regarding = regarding();
        refuse(request(UUID.randomUUID(), regarding, "contacts"), 404, "template");
        refuse(request(template, regarding, "emails"), 400, "contacts, accounts or leads");
        refuse(request(template, regarding, "accounts"), 400, "for contact records");
        refuse(request(template, regarding, "contacts?$filter=nosuchcolumn eq 1"), 400, "nosuchcolumn");
        refuse(request(template, regarding, "contacts?$top=5"), 400, "only carry $filter");
        refuse(request(template, regarding, "<fetch><entity name='contact'>"), 400, "not well-formed FetchXML");
        refuse(request(template, regarding, "<fetch><entity name='account'/></fetch>"), 400, "for contact records");
        refuse(request(template, regarding, "<fetch><entity name='contact'><filter><condition attribute='nosuch' "
                + "operator='eq' value='1'/></filter></entity></fetch>"), 400, "nosuch");
        refuse(request(template, regarding, "<fetch><entity name='contact'><link-entity name='account'/>"
                + "</entity></fetch>"), 400, "link-entity");
        refuse(request(template, regarding, "<!DOCTYPE fetch [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><fetch>"
                + "<entity name='contact'/></fetch>"), 400, "DOCTYPE");
        refuse(request(template, regarding, ""), 400, "Query should be set");
        refuse(request(template, UUID.randomUUID(), "contacts"), 404, "contact With Id");
        refuse(request(template, regarding, "contacts").replace("\"contact\"", "\"campaign\""), 400,
                "RegardingType must be one of");
        refuse(request(template, regarding, "contacts").replace(ADMIN, UUID.randomUUID().toString()), 404,
                "systemuser");
        refuse("{\"TemplateId\":\"" + template + "\",\"RegardingType\":\"contact\",\"RegardingId\":\"" + regarding
                + "\",\"Query\":\"contacts\"}", 400, "Sender");
    }

    /**
     * A FetchXML Query reaches the job as the $filter it means, and that filter selects exactly the rows the FetchXML
     * names when run through the query API the fan-out pages with.
     */
    @Test
    void shouldTranslateAFetchXmlQueryIntoTheSameFilter() throws Exception {
        String tag = "Fetch" + UUID.randomUUID().toString().substring(0, 8);
        String keen = contact("Kee'n", tag, "keen@example.org", false);
        String lee = contact("Lee", tag, "lee@example.net", false);
        contact("Kees", tag, "kees@example.org", true);
        contact("Maxi", tag, "maxi@example.org", false);
        contact("Kee'n", "Other" + tag, "other@example.org", false);
        UUID template = template("contact", "Hi");
        String fetchXml = ("<fetch version='1.0' mapping='logical'><entity name='contact'><attribute name='fullname'/>"
                + "<order attribute='lastname'/><filter type='and'>"
                + "<condition attribute='lastname' operator='eq' value='%s'/>"
                + "<condition attribute='donotbulkemail' operator='ne' value='1'/>"
                + "<filter type='or'><condition attribute='firstname' operator='like' value='%%&apos;n'/>"
                + "<condition attribute='emailaddress1' operator='ends-with' value='.net'/></filter>"
                + "</filter></entity></fetch>").formatted(tag);
        String job = given().contentType("application/json").body(request(template, regarding(), fetchXml))
                .when().post(ROOT + "SendBulkMail").then().statusCode(200).extract().path("AsyncOperationId");

        ConsumerRecord<String, String> record = kafka().awaitRecord(Topics.BULK_MAIL_REQUESTED,
                r -> job.equals(r.key()), Duration.ofSeconds(60));
        BulkMailRequested event = mapper.readValue(record.value(), BulkMailRequested.class);
        assertEquals("contacts", event.entitySet());
        List<String> selected = given().queryParam("$filter", event.filter()).queryParam("$select", "contactid")
                .when().get(ROOT + "contacts").then().statusCode(200).extract().path("value.contactid");
        assertEquals(Set.of(keen, lee), Set.copyOf(selected));
        assertEquals(2, selected.size());
    }

    @Test
    void shouldCancelAJobAndPublishTheCancellation() {
        UUID template = template("systemuser", "Hi");
        String job = given().contentType("application/json").body(request(template, regarding(), "leads"))
                .when().post(ROOT + "SendBulkMail").then().statusCode(200).extract().path("AsyncOperationId");

        // Read-only columns a client echoes back are ignored, as for every table.
        given().contentType("application/json").body("{\"name\":\"renamed\"}")
                .when().patch(ROOT + "asyncoperations(" + job + ")").then().statusCode(204);
        given().when().get(ROOT + "asyncoperations(" + job + ")").then()
                .body("name", equalTo("Bulk email: Bulk")).body("statuscode", equalTo(10));
        given().contentType("application/json").body("{\"statuscode\":30}")
                .when().patch(ROOT + "asyncoperations(" + job + ")").then().statusCode(400);
        given().contentType("application/json").body("{\"statuscode\":22}")
                .when().patch(ROOT + "asyncoperations(" + job + ")").then().statusCode(204);
        given().when().get(ROOT + "asyncoperations(" + job + ")").then()
                .body("statuscode", equalTo(22)).body("statecode", equalTo(2));
        ConsumerRecord<String, String> record = kafka().awaitRecord(Topics.BULK_MAIL_REQUESTED,
                r -> job.equals(r.key()) && BulkMailCancelRequested.TYPE.equals(
                        KafkaTestClient.header(r, CloudEventHeaders.TYPE)), Duration.ofSeconds(60));
        assertEquals(job, record.key());

        // An In Progress report does not undo Canceling; Canceled ends the job, after which it cannot change.
        progress(job, 1, 20, 10, 4, 1);
        progress(job, 2, 32, 10, 6, 1);
        awaitStatus(job, 32);
        given().when().get(ROOT + "asyncoperations(" + job + ")").then()
                .body("statecode", equalTo(3)).body("mailroom_created", equalTo(6));
        given().contentType("application/json").body("{\"statuscode\":22}")
                .when().patch(ROOT + "asyncoperations(" + job + ")").then().statusCode(400);
        given().contentType("application/json").body("{\"name\":\"x\"}")
                .when().post(ROOT + "asyncoperations").then().statusCode(405);
    }

    @Test
    void shouldFollowProgressInSequenceOrder() {
        UUID template = template("contact", "Hi");
        String job = given().contentType("application/json").body(request(template, regarding(), "contacts"))
                .when().post(ROOT + "SendBulkMail").then().statusCode(200).extract().path("AsyncOperationId");
        progress(job, 2, 20, 100, 40, 2);
        progress(job, 1, 20, 50, 10, 1);
        progress(job, 3, 30, 100, 97, 3);
        awaitStatus(job, 30);
        given().when().get(ROOT + "asyncoperations(" + job + ")").then()
                .body("mailroom_total", equalTo(100))
                .body("mailroom_created", equalTo(97))
                .body("mailroom_skipped", equalTo(3))
                .body("friendlymessage", containsString("97"))
                .body("completedon", org.hamcrest.Matchers.notNullValue());
    }

    private void progress(String job, long sequence, int status, int total, int created, int skipped) {
        UUID eventId = UUID.randomUUID();
        try {
            kafka().publishCloudEvent(Topics.BULK_MAIL_PROGRESS, job, eventId, BulkMailProgress.TYPE,
                    mapper.writeValueAsString(new BulkMailProgress(eventId, Instant.now(), UUID.fromString(job),
                            sequence, status, total, created, skipped, created + " emails created")));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitStatus(String job, int statuscode) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().when().get(ROOT + "asyncoperations(" + job + ")").then()
                        .body("statuscode", equalTo(statuscode)));
    }

    private static String contact(String firstname, String lastname, String address, boolean noBulk) {
        String entityId = given().contentType("application/json").body(Map.of("firstname", firstname, "lastname",
                lastname, "emailaddress1", address, "donotbulkemail", noBulk)).when().post(ROOT + "contacts")
                .then().statusCode(204).extract().header("OData-EntityId");
        return entityId.substring(entityId.length() - 37, entityId.length() - 1);
    }

    /** A contact for the emails to be regarding. */
    private static UUID regarding() {
        String entityId = given().contentType("application/json").body("{\"lastname\":\"Regarding\"}")
                .when().post(ROOT + "contacts").then().statusCode(204).extract().header("OData-EntityId");
        return UUID.fromString(entityId.substring(entityId.length() - 37, entityId.length() - 1));
    }

    private static void refuse(String body, int status, String message) {
        given().contentType("application/json").body(body).when().post(ROOT + "SendBulkMail").then()
                .statusCode(status).body("error.message", containsString(message));
    }

    private static String request(UUID template, UUID regarding, String query) {
        return "{\"Sender\":{\"@odata.type\":\"Microsoft.Dynamics.CRM.systemuser\",\"systemuserid\":\"" + ADMIN
                + "\"},\"TemplateId\":\"" + template + "\",\"RegardingType\":\"contact\",\"RegardingId\":\""
                + regarding + "\",\"Query\":" + (query == null ? "null" : "\"" + query + "\"") + "}";
    }

    /**
     * A template row. The templates table arrives with the templating work; until then the test makes a table of
     * the columns SendBulkMail reads (Dataverse's names).
     */
    /** A template authored through the Web API (placeholder form, stored as XSLT). */
    private static UUID template(String type, String body) {
        String entityId = given().contentType("application/json").body("""
                {"title": "Bulk", "subject": "Hi", "templatetypecode": "%s", "body": "%s"}
                """.formatted(type, body)).when().post(ROOT + "templates")
                .then().statusCode(204).extract().header("OData-EntityId");
        return UUID.fromString(entityId.substring(entityId.lastIndexOf('(') + 1, entityId.length() - 1));
    }

    private KafkaTestClient kafka() {
        return new KafkaTestClient(bootstrapServers);
    }
}
