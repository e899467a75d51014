package dev.mailroom.activity.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.mailroom.activity.BlobReferenceCounts;
import dev.mailroom.events.IncomingAttachment;
import dev.mailroom.events.IncomingEmailReceived;
import dev.mailroom.events.Topics;
import dev.mailroom.localstack.identity.LocalIdentity;
import dev.mailroom.localstack.testing.KafkaTestClient;
import dev.mailroom.localstack.testing.TestIdentity;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Received mail's files over the real broker and the real attachment-service: each file is stored and held as a
 * router does it (PUT /blobs, one reference), then the IncomingEmailReceived event is consumed. Allowed files become
 * attachment rows downloadable byte for byte, the router's reference taken over; a blocked type (extension in any
 * letter case) gets no row, the email's notifications is 1 and its reference is released; names are cleaned; a
 * repeat of the message (another event) or of the event links nothing twice and leaves the counts right.
 */
@QuarkusTest
class IncomingEmailAttachmentsTest {

    private static final String ROOT = "/api/data/v9.2/";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "activity.attachments.service-url")
    String attachmentService;

    @Inject
    BlobReferenceCounts references;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void shouldLinkAllowedFilesAndDropBlockedOnesOnce() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        UUID mailbox = UUID.randomUUID();
        UUID email = UUID.randomUUID();
        String messageId = "<files-" + tag + "@incoming.test>";
        byte[] report = randomBytes(150_000);
        byte[] program = randomBytes(20_000);
        byte[] invoice = ("Invoice " + tag).getBytes();
        List<IncomingAttachment> files = List.of(
                routerStores(report, "report " + tag + ".pdf", "application/pdf", "report-" + tag),
                routerStores(program, "SETUP.EXE", "application/x-msdownload", null),
                routerStores(invoice, "..\\..\\mail/inv\u0007oice\r\n.txt", "text/plain", null));
        UUID eventId = UUID.randomUUID();

        publish(eventId, email, mailbox, messageId, files);
        awaitEmail(email);

        given().when().get(ROOT + "emails(" + email + ")?$select=attachmentcount,notifications,statuscode").then()
                .statusCode(200).body("attachmentcount", equalTo(2)).body("notifications", equalTo(1))
                .body("statuscode", equalTo(4));
        Map<String, Map<String, Object>> rows = rows(email);
        assertEquals(List.of("inv_oice__.txt", "report " + tag + ".pdf"), rows.keySet().stream().sorted().toList(),
                "no row for the blocked SETUP.EXE; path and control characters cleaned");
        Map<String, Object> pdf = rows.get("report " + tag + ".pdf");
        assertEquals(report.length, pdf.get("filesize"));
        assertEquals("application/pdf", pdf.get("mimetype"));
        assertEquals("report-" + tag, pdf.get("attachmentcontentid"));
        assertArrayEquals(report, body(pdf.get("activitymimeattachmentid")), "byte for byte");
        assertArrayEquals(invoice, body(rows.get("inv_oice__.txt").get("activitymimeattachmentid")));
        // The linked files keep the router's one reference (taken over, not doubled); the blocked one loses it, so
        // attachment-service collects its bytes after the grace period.
        assertEquals(1, references.of(files.get(0).sha256()));
        assertEquals(1, references.of(files.get(2).sha256()));
        references.awaitReleased(files.get(1).sha256());

        // The same event redelivered, then the message found again (another event, stored again by the router).
        publish(eventId, email, mailbox, messageId, files);
        List<IncomingAttachment> again = List.of(
                routerStores(report, "report " + tag + ".pdf", "application/pdf", "report-" + tag),
                routerStores(program, "SETUP.EXE", "application/x-msdownload", null),
                routerStores(invoice, "..\\..\\mail/inv\u0007oice\r\n.txt", "text/plain", null));
        assertEquals(2, references.of(files.get(0).sha256()), "the router's second hold");
        publish(UUID.randomUUID(), email, mailbox, messageId, again);
        references.awaitCount(again.get(0).sha256(), 1);
        references.awaitCount(again.get(2).sha256(), 1);
        references.awaitReleased(again.get(1).sha256());
        assertEquals(2, rows(email).size(), "nothing linked twice");
        given().when().get(ROOT + "emails(" + email + ")?$select=attachmentcount").then()
                .body("attachmentcount", equalTo(2));
        given().queryParam("$filter", "messageid eq '" + messageId + "'").when().get(ROOT + "emails/$count")
                .then().body(equalTo("1"));
    }

    @Test
    void shouldLeaveNotificationsAloneWhenEveryFileIsSavedAndReadEventsWithoutTheList() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        UUID withFile = UUID.randomUUID();
        UUID withoutList = UUID.randomUUID();
        byte[] photo = randomBytes(40_000);
        publish(UUID.randomUUID(), withFile, UUID.randomUUID(), "<photo-" + tag + "@incoming.test>",
                List.of(routerStores(photo, "Photo.JPG", "image/jpeg", null)));
        // An event as routers wrote it before files were carried: no "attachments" property at all.
        String old = mapper.writeValueAsString(new IncomingEmailReceived(UUID.randomUUID(), Instant.now(), withoutList,
                UUID.randomUUID(), "<old-" + tag + "@incoming.test>", null, List.of(), "writer@" + tag + ".test",
                List.of("admin@mailroom.local"), List.of(), "Old " + tag, "<p>Hi</p>", Instant.now()))
                .replace(",\"attachments\":[]", "");
        assertTrue(!old.contains("attachments"), old);
        UUID oldEvent = UUID.fromString(mapper.readTree(old).get("eventId").asText());
        new KafkaTestClient(bootstrapServers).publishCloudEvent(Topics.EMAIL_INCOMING, withoutList.toString(),
                oldEvent, IncomingEmailReceived.TYPE, old);
        awaitEmail(withFile);
        awaitEmail(withoutList);

        given().when().get(ROOT + "emails(" + withFile + ")?$select=attachmentcount,notifications").then()
                .body("attachmentcount", equalTo(1)).body("notifications", nullValue());
        assertArrayEquals(photo, body(rows(withFile).get("Photo.JPG").get("activitymimeattachmentid")));
        given().when().get(ROOT + "emails(" + withoutList + ")?$select=attachmentcount,notifications,subject").then()
                .body("attachmentcount", equalTo(0)).body("notifications", nullValue())
                .body("subject", equalTo("Old " + tag));
    }

    /** What a router does with a file of a message it read: store the bytes, hold one reference. */
    private IncomingAttachment routerStores(byte[] bytes, String filename, String mimeType, String contentId)
            throws Exception {
        HttpResponse<String> stored = http.send(authorized("/blobs").header("Content-Type", mimeType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(stored.statusCode() == 201 || stored.statusCode() == 200, stored.body());
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        HttpResponse<String> held = http.send(authorized("/blobs/" + sha256 + "/references")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, held.statusCode(), held.body());
        return new IncomingAttachment(sha256, filename, mimeType, bytes.length, contentId);
    }

    private HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(URI.create(attachmentService + path))
                .header("Authorization", "Bearer " + TestIdentity.tokenFor(LocalIdentity.SERVICES_OBJECT_ID));
    }

    private void publish(UUID eventId, UUID activityId, UUID mailbox, String messageId,
            List<IncomingAttachment> files) throws Exception {
        String json = mapper.writeValueAsString(new IncomingEmailReceived(eventId, Instant.now(), activityId,
                mailbox, messageId, null, List.of(), "writer@incoming.test", List.of("admin@mailroom.local"),
                List.of(), "Files", "<p>See the files</p>", Instant.now(), files));
        new KafkaTestClient(bootstrapServers).publishCloudEvent(Topics.EMAIL_INCOMING, activityId.toString(), eventId,
                IncomingEmailReceived.TYPE, json);
    }

    private static void awaitEmail(UUID email) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                given().when().get(ROOT + "emails(" + email + ")").then().statusCode(200));
    }

    /** The email's attachment rows by file name. */
    private static Map<String, Map<String, Object>> rows(UUID email) {
        List<Map<String, Object>> value = given().when().get(ROOT + "activitymimeattachments?$filter=_objectid_value "
                + "eq " + email + "&$select=filename,filesize,mimetype,attachmentcontentid").then().statusCode(200)
                .extract().jsonPath().getList("value");
        return value.stream().collect(Collectors.toMap(row -> (String) row.get("filename"), row -> row));
    }

    private static byte[] body(Object rowId) {
        String base64 = given().when().get(ROOT + "activitymimeattachments(" + rowId + ")/body/$value").then()
                .statusCode(200).extract().asString();
        return Base64.getDecoder().decode(base64);
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random().nextBytes(bytes);
        return bytes;
    }
}
