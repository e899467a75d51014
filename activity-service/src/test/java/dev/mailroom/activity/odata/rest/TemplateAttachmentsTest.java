package dev.mailroom.activity.odata.rest;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.events.CloudEventHeaders;
import dev.mailroom.events.Topics;
import dev.mailroom.localstack.testing.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Attachments of templates, on the packaged attachment-service and the real S3 server: a template owns files as an
 * email does, and every email made from it gets them by reference (the same stored file, no new object, no new
 * blob reference), in its rows and in the EmailPending event the router sends from.
 */
@QuarkusTest
class TemplateAttachmentsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMINISTRATOR = "6d61696c-726f-4f6d-8000-000000000002";

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void shouldAttachFilesToATemplateWithoutACounter() throws Exception {
        UUID template = template();
        byte[] bytes = randomBytes(40_000);

        UUID row = attach(template, "brochure.pdf", "application/pdf", bytes);

        AttachmentApi.read(row, "filename,filesize,attachmentnumber,objecttypecode,_objectid_value,body").then()
                .statusCode(200).body("objecttypecode", equalTo("template"))
                .body("_objectid_value", equalTo(template.toString())).body("filesize", equalTo(40_000))
                .body("attachmentnumber", equalTo(1))
                .body("body", equalTo(Base64.getEncoder().encodeToString(bytes)));
        WebApi.request().queryParam("$filter", "_objectid_value eq " + template).when()
                .get(WebApi.ROOT + "activitymimeattachments").then().statusCode(200).body("value", hasSize(1));
        assertEquals(1, AttachmentStorage.referenceCount(dataSource, AttachmentStorage.sha256(bytes)));
    }

    @Test
    void shouldRefuseATemplateFileTheLimitsRefuse() {
        UUID template = template();
        postFile(template, "setup.EXE", "application/octet-stream", "aGVsbG8=").then().statusCode(400)
                .body("error.code", equalTo("0x80043e09"));
        postFile(template, "notes.txt", "text/plain", "not base64!").then().statusCode(400)
                .body("error.code", equalTo("0x80048d19"));
        postFile(UUID.randomUUID(), "notes.txt", "text/plain", "aGVsbG8=").then().statusCode(404)
                .body("error.code", equalTo("0x80040217"));
    }

    @Test
    void shouldDeleteATemplatesRowsButKeepFilesItsEmailsStillUse() throws Exception {
        UUID template = template();
        UUID contact = WebApi.createContact("Ann", "Lee", "ann-" + WebApi.tag() + "@example.com", WebApi.tag());
        byte[] shared = randomBytes(30_000);
        byte[] own = randomBytes(20_000);
        UUID sharedRow = attach(template, "terms.pdf", "application/pdf", shared);
        UUID ownRow = attach(template, "draft.txt", "text/plain", own);
        WebApi.request().when().delete(WebApi.ROOT + "activitymimeattachments(" + ownRow + ")").then()
                .statusCode(204);
        assertEquals(0, AttachmentStorage.referenceCount(dataSource, AttachmentStorage.sha256(own)),
                "a file no row uses any more is released");
        UUID email = sendFromTemplate(template, contact);

        WebApi.request().when().delete(WebApi.ROOT + "templates(" + template + ")").then().statusCode(204);

        AttachmentApi.read(sharedRow, "filename").then().statusCode(404);
        List<String> files = WebApi.request().queryParam("$filter", "_objectid_value eq " + email)
                .queryParam("$select", "filename,body").when().get(WebApi.ROOT + "activitymimeattachments").then()
                .statusCode(200).body("value", hasSize(1)).extract().path("value.body");
        assertEquals(Base64.getEncoder().encodeToString(shared), files.get(0), "the email keeps the shared file");
        assertEquals(1, AttachmentStorage.referenceCount(dataSource, AttachmentStorage.sha256(shared)),
                "still one reference: the file the email uses");
    }

    @Test
    void shouldCarryTheTemplatesFilesToAnEmailByReference() throws Exception {
        UUID template = template();
        UUID contact = WebApi.createContact("Bo", "Ek", "bo-" + WebApi.tag() + "@example.com", WebApi.tag());
        byte[] first = randomBytes(25_000);
        byte[] second = "Price list".getBytes();
        attach(template, "catalogue.pdf", "application/pdf", first);
        attach(template, "prices.txt", "text/plain", second);
        List<String> objects = AttachmentStorage.objectKeys();

        UUID email = sendFromTemplate(template, contact);

        assertEquals(objects, AttachmentStorage.objectKeys(), "no object is written for the email's files");
        assertEquals(1, AttachmentStorage.referenceCount(dataSource, AttachmentStorage.sha256(first)));
        assertEquals(2, AttachmentApi.attachmentCount(email));
        WebApi.request().queryParam("$filter", "_objectid_value eq " + email)
                .queryParam("$orderby", "attachmentnumber")
                .queryParam("$select", "filename,mimetype,filesize,attachmentnumber,objecttypecode,body").when()
                .get(WebApi.ROOT + "activitymimeattachments").then().statusCode(200)
                .body("value", hasSize(2))
                .body("value[0].filename", equalTo("catalogue.pdf")).body("value[0].objecttypecode", equalTo("email"))
                .body("value[0].attachmentnumber", equalTo(1)).body("value[0].filesize", equalTo(25_000))
                .body("value[0].body", equalTo(Base64.getEncoder().encodeToString(first)))
                .body("value[1].filename", equalTo("prices.txt")).body("value[1].mimetype", equalTo("text/plain"))
                .body("value[1].attachmentnumber", equalTo(2));
        JsonNode attachments = pendingAttachments(email);
        assertEquals(2, attachments.size());
        assertEquals(AttachmentStorage.sha256(first), attachments.get(0).get("sha256").asText());
        assertEquals("catalogue.pdf", attachments.get(0).get("filename").asText());
        assertEquals(AttachmentStorage.sha256(second), attachments.get(1).get("sha256").asText());
        assertEquals("text/plain", attachments.get(1).get("mimeType").asText());
    }

    @Test
    void shouldCarryTheTemplatesFilesToEveryEmailOfSendTemplate() throws Exception {
        UUID template = template();
        UUID ann = WebApi.createContact("Ann", "Lee", "ann-" + WebApi.tag() + "@example.com", WebApi.tag());
        UUID bo = WebApi.createContact("Bo", "Ek", "bo-" + WebApi.tag() + "@example.com", WebApi.tag());
        byte[] bytes = randomBytes(15_000);
        attach(template, "invitation.pdf", "application/pdf", bytes);

        WebApi.request().body("""
                {"TemplateId": "%s", "Sender": {"@odata.type": "Microsoft.Dynamics.CRM.systemuser",
                 "systemuserid": "%s"}, "Regarding": {"@odata.type": "Microsoft.Dynamics.CRM.contact",
                 "contactid": "%s"}, "Recipients": [{"@odata.type": "Microsoft.Dynamics.CRM.contact",
                 "contactid": "%s"}, {"@odata.type": "Microsoft.Dynamics.CRM.contact", "contactid": "%s"}]}
                """.formatted(template, ADMINISTRATOR, ann, ann, bo)).when().post(WebApi.ROOT + "SendTemplate")
                .then().statusCode(204);

        List<String> emails = WebApi.request().queryParam("$filter", "_templateid_value eq " + template).when()
                .get(WebApi.ROOT + "emails").then().statusCode(200).body("value", hasSize(2))
                .body("value.attachmentcount", equalTo(List.of(1, 1))).extract().path("value.activityid");
        for (String email : emails) {
            JsonNode attachments = pendingAttachments(UUID.fromString(email));
            assertEquals(1, attachments.size());
            assertEquals(AttachmentStorage.sha256(bytes), attachments.get(0).get("sha256").asText());
            assertEquals(15_000, attachments.get(0).get("size").asLong());
        }
        assertEquals(1, AttachmentStorage.referenceCount(dataSource, AttachmentStorage.sha256(bytes)));
    }

    @Test
    void shouldListTheTemplatesFilesInAnInstantiatedEmailReadyToReuse() throws Exception {
        UUID template = template();
        UUID contact = WebApi.createContact("Cy", "Ng", "cy-" + WebApi.tag() + "@example.com", WebApi.tag());
        byte[] bytes = randomBytes(5_000);
        UUID row = attach(template, "map.png", "image/png", bytes);
        String attachmentId = AttachmentApi.read(row, "_attachmentid_value").then().extract()
                .path("_attachmentid_value");

        Response instantiated = WebApi.request().body("""
                {"TemplateId": "%s", "ObjectType": "contact", "ObjectId": "%s"}""".formatted(template, contact))
                .when().post(WebApi.ROOT + "InstantiateTemplate");

        instantiated.then().statusCode(200)
                .body("value[0].email_activity_mime_attachment", hasSize(1))
                .body("value[0].email_activity_mime_attachment[0].filename", equalTo("map.png"))
                .body("value[0].email_activity_mime_attachment[0].mimetype", equalTo("image/png"))
                .body("value[0].email_activity_mime_attachment[0].filesize", equalTo(5_000))
                .body("value[0].email_activity_mime_attachment[0].'attachmentid@odata.bind'",
                        equalTo("/attachments(" + attachmentId + ")"));
        UUID email = AttachmentApi.createEmail(WebApi.tag());
        List<String> objects = AttachmentStorage.objectKeys();
        UUID reused = WebApi.idOf(AttachmentApi.reuse(email, attachmentId).then().statusCode(204).extract()
                .response());
        assertEquals(objects, AttachmentStorage.objectKeys());
        AttachmentApi.read(reused, "filename,body").then().body("filename", equalTo("map.png"))
                .body("body", equalTo(Base64.getEncoder().encodeToString(bytes)));
    }

    private static UUID template() {
        return WebApi.create("templates", """
                {"title": "Files %s", "templatetypecode": "contact", "subject": "Hello {!contact:firstname}",
                 "body": "<p>See the attached files.</p>"}""".formatted(WebApi.tag()));
    }

    private static Response postFile(UUID template, String filename, String mimeType, String base64) {
        return WebApi.request().body("""
                {"objectid_template@odata.bind": "/templates(%s)", "objecttypecode": "template",
                 "subject": "Attached", "filename": "%s", "mimetype": "%s", "body": "%s"}
                """.formatted(template, filename, mimeType, base64))
                .when().post(WebApi.ROOT + "activitymimeattachments");
    }

    private static UUID attach(UUID template, String filename, String mimeType, byte[] bytes) {
        Response response = postFile(template, filename, mimeType, Base64.getEncoder().encodeToString(bytes));
        response.then().statusCode(204);
        return WebApi.idOf(response);
    }

    private static UUID sendFromTemplate(UUID template, UUID contact) {
        return UUID.fromString(WebApi.request().body("""
                {"TemplateId": "%s", "Regarding": {"@odata.type": "Microsoft.Dynamics.CRM.contact", "contactid": "%s"},
                 "Target": {"@odata.type": "Microsoft.Dynamics.CRM.email", "email_activity_parties": [
                   {"partyid_systemuser@odata.bind": "/systemusers(%s)", "participationtypemask": 1},
                   {"partyid_contact@odata.bind": "/contacts(%s)", "participationtypemask": 2}]}}
                """.formatted(template, contact, ADMINISTRATOR, contact)).when()
                .post(WebApi.ROOT + "SendEmailFromTemplate").then().statusCode(200).extract().path("activityid"));
    }

    /** The files the EmailPending event of {@code email} carries to the router. */
    private JsonNode pendingAttachments(UUID email) throws Exception {
        ConsumerRecord<String, String> pending = new KafkaTestClient(bootstrapServers).awaitRecord(
                Topics.EMAIL_PENDING,
                r -> email.toString().equals(KafkaTestClient.header(r, CloudEventHeaders.SUBJECT)),
                Duration.ofSeconds(60));
        return JSON.readTree(pending.value()).get("attachments");
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random().nextBytes(bytes);
        return bytes;
    }
}
