package dev.mailroom.activity.odata.rest;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * activitymimeattachments end to end: the Web API, the packaged attachment-service and the real S3 server behind
 * it. Files are stored once however often they are attached, and deleting rows never loses bytes still in use.
 */
@QuarkusTest
class ActivityMimeAttachmentsTest {

    @Inject
    DataSource dataSource;

    @Test
    void shouldStoreTheFileAndLinkItToTheEmail() throws Exception {
        UUID email = AttachmentApi.createEmail(WebApi.tag());
        byte[] bytes = randomBytes(200_000);
        String sha256 = AttachmentStorage.sha256(bytes);

        UUID first = AttachmentApi.attach(email, "report.pdf", "application/pdf", bytes);
        UUID second = AttachmentApi.attach(email, "notes.txt", "text/plain", "Example Attachment".getBytes());

        AttachmentApi.read(first, "filename,mimetype,filesize,attachmentnumber,objecttypecode,subject,"
                + "_objectid_value,_attachmentid_value").then().statusCode(200)
                .body("filename", equalTo("report.pdf")).body("mimetype", equalTo("application/pdf"))
                .body("filesize", equalTo(200_000)).body("attachmentnumber", equalTo(1))
                .body("objecttypecode", equalTo("email")).body("subject", equalTo("Report"))
                .body("_objectid_value", equalTo(email.toString()))
                .body("$", not(hasKey("body")));
        AttachmentApi.read(second, "attachmentnumber").then().body("attachmentnumber", equalTo(2));
        assertEquals(2, AttachmentApi.attachmentCount(email));
        assertTrue(AttachmentStorage.objectKeys().contains(AttachmentStorage.objectKey(sha256)));
        assertEquals(1, AttachmentStorage.referenceCount(dataSource, sha256));
    }

    @Test
    void shouldReadTheBodyBackAsBase64WhenSelected() {
        UUID email = AttachmentApi.createEmail(WebApi.tag());
        byte[] bytes = randomBytes(70_001);
        UUID row = AttachmentApi.attach(email, "data.bin", "application/octet-stream", bytes);

        String body = AttachmentApi.read(row, "body,filename").then().statusCode(200).extract().path("body");
        assertEquals(Base64.getEncoder().encodeToString(bytes), body);
        AttachmentApi.read(row, "filename").then().body("$", not(hasKey("body")));
        WebApi.request().when().get(WebApi.ROOT + "activitymimeattachments(" + row + ")")
                .then().statusCode(200).body("$", not(hasKey("body"))).body("filesize", equalTo(70_001));
    }

    @Test
    void shouldReuseTheFileWithoutASecondCopy() throws Exception {
        UUID firstEmail = AttachmentApi.createEmail(WebApi.tag());
        UUID secondEmail = AttachmentApi.createEmail(WebApi.tag());
        byte[] bytes = randomBytes(150_000);
        String sha256 = AttachmentStorage.sha256(bytes);
        UUID original = AttachmentApi.attach(firstEmail, "plan.docx", "application/octet-stream", bytes);
        String attachmentId = AttachmentApi.read(original, "_attachmentid_value").then().extract()
                .path("_attachmentid_value");
        List<String> before = AttachmentStorage.objectKeys();

        UUID reused = WebApi.idOf(AttachmentApi.reuse(secondEmail, attachmentId).then().statusCode(204).extract()
                .response());

        assertEquals(before, AttachmentStorage.objectKeys(), "a reuse writes nothing to the bucket");
        AttachmentApi.read(reused, "filename,filesize,mimetype,subject,_attachmentid_value,body").then()
                .statusCode(200).body("filename", equalTo("plan.docx")).body("filesize", equalTo(150_000))
                .body("subject", equalTo("Again")).body("_attachmentid_value", equalTo(attachmentId))
                .body("body", equalTo(Base64.getEncoder().encodeToString(bytes)));
        assertEquals(1, AttachmentApi.attachmentCount(secondEmail));
        assertEquals(1, AttachmentStorage.referenceCount(dataSource, sha256), "one file, one reference");
    }

    @Test
    void shouldKeepBytesAnotherRowUsesWhenAnEmailIsDeleted() throws Exception {
        UUID firstEmail = AttachmentApi.createEmail(WebApi.tag());
        UUID secondEmail = AttachmentApi.createEmail(WebApi.tag());
        byte[] bytes = randomBytes(120_000);
        String sha256 = AttachmentStorage.sha256(bytes);
        UUID original = AttachmentApi.attach(firstEmail, "shared.pdf", "application/pdf", bytes);
        String attachmentId = AttachmentApi.read(original, "_attachmentid_value").then().extract()
                .path("_attachmentid_value");
        UUID reused = WebApi.idOf(AttachmentApi.reuse(secondEmail, attachmentId).then().statusCode(204).extract()
                .response());

        WebApi.request().when().delete(WebApi.ROOT + "emails(" + firstEmail + ")").then().statusCode(204);

        AttachmentApi.read(original, "filename").then().statusCode(404);
        AttachmentApi.read(reused, "body").then().statusCode(200)
                .body("body", equalTo(Base64.getEncoder().encodeToString(bytes)));
        assertEquals(1, AttachmentStorage.referenceCount(dataSource, sha256));

        WebApi.request().when().delete(WebApi.ROOT + "emails(" + secondEmail + ")").then().statusCode(204);

        AttachmentApi.read(reused, "filename").then().statusCode(404);
        WebApi.request().when().get(WebApi.ROOT + "attachments(" + attachmentId + ")").then().statusCode(404);
        assertEquals(0, AttachmentStorage.referenceCount(dataSource, sha256),
                "the last use gone, the blob is left to attachment-service's collector");
    }

    @Test
    void shouldFollowDeletesInTheAttachmentCount() throws Exception {
        UUID email = AttachmentApi.createEmail(WebApi.tag());
        byte[] bytes = randomBytes(10_000);
        String sha256 = AttachmentStorage.sha256(bytes);
        UUID row = AttachmentApi.attach(email, "a.txt", "text/plain", bytes);
        AttachmentApi.attach(email, "b.txt", "text/plain", randomBytes(10));
        assertEquals(2, AttachmentApi.attachmentCount(email));

        WebApi.request().when().delete(WebApi.ROOT + "activitymimeattachments(" + row + ")").then().statusCode(204);

        assertEquals(1, AttachmentApi.attachmentCount(email));
        assertEquals(0, AttachmentStorage.referenceCount(dataSource, sha256));
    }

    @Test
    void shouldCountOneBlobForTheSameBytesUploadedTwice() throws Exception {
        UUID email = AttachmentApi.createEmail(WebApi.tag());
        byte[] bytes = randomBytes(50_000);
        String sha256 = AttachmentStorage.sha256(bytes);

        AttachmentApi.attach(email, "one.bin", "application/octet-stream", bytes);
        AttachmentApi.attach(email, "two.bin", "application/octet-stream", bytes);

        assertEquals(1, AttachmentStorage.objectKeys().stream()
                .filter(key -> key.equals(AttachmentStorage.objectKey(sha256))).count());
        assertEquals(2, AttachmentStorage.referenceCount(dataSource, sha256), "two files, one blob");
    }

    @Test
    void shouldNotChangeTheFileOfAnAttachment() {
        UUID email = AttachmentApi.createEmail(WebApi.tag());
        UUID row = AttachmentApi.attach(email, "a.txt", "text/plain", randomBytes(100));

        WebApi.request().body("{\"subject\": \"Renamed\"}").when()
                .patch(WebApi.ROOT + "activitymimeattachments(" + row + ")").then().statusCode(204);
        WebApi.request().body("{\"filename\": \"b.txt\"}").when()
                .patch(WebApi.ROOT + "activitymimeattachments(" + row + ")").then().statusCode(400)
                .body("error.code", equalTo("0x80040203"));
        AttachmentApi.read(row, "subject,filename").then().body("subject", equalTo("Renamed"))
                .body("filename", equalTo("a.txt"));
    }

    @Test
    void shouldNotAttachToASentEmail() {
        UUID email = AttachmentApi.createEmail(WebApi.tag());
        EmailApi.sendEmail(email, false).then().statusCode(200);

        AttachmentApi.postFile(email, "late.txt", "text/plain", "aGVsbG8=").then().statusCode(400)
                .body("error.code", equalTo("0x80040265"));
        assertEquals(0, AttachmentApi.attachmentCount(email));
    }

    static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random().nextBytes(bytes);
        return bytes;
    }
}
