package dev.mailroom.activity.odata.rest;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Random;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.mailroom.events.BulkMailProgress;
import dev.mailroom.events.BulkMailRequested;
import dev.mailroom.events.EmailCreated;
import dev.mailroom.events.Topics;
import dev.mailroom.localstack.testing.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * SendBulkMail with a template that has files: the request carries them by reference, the job holds them (the
 * template may lose them meanwhile), each email the job creates gets them as rows, and deleting the finished job
 * lets go of what no row uses. bulk-mail-service's side is played by events published on the real Kafka broker.
 */
@QuarkusTest
class BulkMailAttachmentsTest {

    private static final String ADMIN = "6d61696c-726f-4f6d-8000-000000000002";
    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void shouldCarryTheTemplatesFilesThroughABulkJob() throws Exception {
        UUID template = WebApi.create("templates", """
                {"title": "Bulk files %s", "templatetypecode": "contact", "subject": "Hi",
                 "body": "<p>Attached.</p>"}""".formatted(WebApi.tag()));
        byte[] bytes = new byte[12_345];
        new Random().nextBytes(bytes);
        String sha256 = AttachmentStorage.sha256(bytes);
        Response posted = WebApi.request().body("""
                {"objectid_template@odata.bind": "/templates(%s)", "objecttypecode": "template",
                 "subject": "Agenda", "filename": "agenda.pdf", "mimetype": "application/pdf", "body": "%s"}
                """.formatted(template, Base64.getEncoder().encodeToString(bytes)))
                .when().post(WebApi.ROOT + "activitymimeattachments");
        posted.then().statusCode(204);
        String attachmentId = AttachmentApi.read(WebApi.idOf(posted), "_attachmentid_value").then().extract()
                .path("_attachmentid_value");
        UUID regarding = WebApi.createContact("Campaign", "Owner", null, WebApi.tag());

        String job = WebApi.request().body("""
                {"Sender": {"@odata.type": "Microsoft.Dynamics.CRM.systemuser", "systemuserid": "%s"},
                 "TemplateId": "%s", "RegardingType": "contact", "RegardingId": "%s", "Query": "contacts"}
                """.formatted(ADMIN, template, regarding)).when().post(WebApi.ROOT + "SendBulkMail").then()
                .statusCode(200).extract().path("AsyncOperationId");

        ConsumerRecord<String, String> record = kafka().awaitRecord(Topics.BULK_MAIL_REQUESTED,
                r -> job.equals(r.key()), Duration.ofSeconds(60));
        BulkMailRequested request = mapper.readValue(record.value(), BulkMailRequested.class);
        assertEquals(1, request.attachments().size());
        assertEquals(sha256, request.attachments().get(0).sha256());
        assertEquals("agenda.pdf", request.attachments().get(0).filename());
        assertEquals("application/pdf", request.attachments().get(0).mimeType());
        assertEquals(12_345, request.attachments().get(0).size());

        WebApi.request().when().delete(WebApi.ROOT + "templates(" + template + ")").then().statusCode(204);
        WebApi.request().when().get(WebApi.ROOT + "attachments(" + attachmentId + ")").then().statusCode(200);
        assertEquals(1, AttachmentStorage.referenceCount(dataSource, sha256), "the running job holds the file");

        UUID email = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        publish(Topics.EMAIL_CREATED, email, eventId, EmailCreated.TYPE, new EmailCreated(eventId, Instant.now(),
                email, UUID.fromString(job), "Hi", "<p>Attached.</p>", "admin@mailroom.local", null, null,
                "reader@example.com", null, null, regarding, "contact"));
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() ->
                WebApi.request().when().get(WebApi.ROOT + "emails(" + email + ")").statusCode() == 200);
        assertEquals(1, AttachmentApi.attachmentCount(email));
        WebApi.request().queryParam("$filter", "_objectid_value eq " + email)
                .queryParam("$select", "filename,mimetype,filesize,subject,attachmentnumber,_attachmentid_value,body")
                .when().get(WebApi.ROOT + "activitymimeattachments").then().statusCode(200)
                .body("value", hasSize(1)).body("value[0].filename", equalTo("agenda.pdf"))
                .body("value[0].subject", equalTo("Agenda")).body("value[0].attachmentnumber", equalTo(1))
                .body("value[0]._attachmentid_value", equalTo(attachmentId))
                .body("value[0].body", equalTo(Base64.getEncoder().encodeToString(bytes)));

        WebApi.request().when().delete(WebApi.ROOT + "emails(" + email + ")").then().statusCode(204);
        assertEquals(1, AttachmentStorage.referenceCount(dataSource, sha256), "still held by the job");
        UUID progress = UUID.randomUUID();
        publish(Topics.BULK_MAIL_PROGRESS, UUID.fromString(job), progress, BulkMailProgress.TYPE,
                new BulkMailProgress(progress, Instant.now(), UUID.fromString(job), 1, 30, 1, 1, 0,
                        "1 emails created"));
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() ->
                WebApi.request().when().get(WebApi.ROOT + "asyncoperations(" + job + ")").then().extract()
                        .<Integer>path("statuscode") == 30);
        WebApi.request().when().delete(WebApi.ROOT + "asyncoperations(" + job + ")").then().statusCode(204);

        WebApi.request().when().get(WebApi.ROOT + "attachments(" + attachmentId + ")").then().statusCode(404);
        assertEquals(0, AttachmentStorage.referenceCount(dataSource, sha256),
                "no row and no job use the file: its blob is left to attachment-service's collector");
    }

    private void publish(String topic, UUID key, UUID eventId, String type, Object payload) throws Exception {
        kafka().publishCloudEvent(topic, key.toString(), eventId, type, mapper.writeValueAsString(payload));
    }

    private KafkaTestClient kafka() {
        return new KafkaTestClient(bootstrapServers);
    }
}
