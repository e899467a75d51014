package dev.mailroom.activity.odata.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.activity.BlobReferenceCounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * DeliverIncomingEmail's {@code Attachments} (Dataverse's {@code Collection(attachment)}) against the real
 * attachment-service: declared in $metadata; each file stored and linked to the new email as an
 * {@code activitymimeattachment}, downloadable byte for byte, holding one blob reference, as a router's files are;
 * a blocked type and a file over {@code maxuploadfilesize} get no row, {@code notifications} 1 and their reference
 * released; a repeat of the Message-ID stores nothing; a malformed list is refused with 400 before anything is
 * stored or created.
 */
@QuarkusTest
class DeliverIncomingEmailAttachmentsTest {

    private static final String DELIVER = "emails/Microsoft.Dynamics.CRM.DeliverIncomingEmail";

    @Inject
    BlobReferenceCounts references;

    @Test
    void shouldDeclareTheAttachmentsParameter() {
        String metadata = given().when().get(WebApi.ROOT + "$metadata").then().statusCode(200).extract().asString();
        int action = metadata.indexOf("<Action Name=\"DeliverIncomingEmail\"");
        assertTrue(action >= 0, "DeliverIncomingEmail is in $metadata");
        String declaration = metadata.substring(action, metadata.indexOf("</Action>", action));
        assertTrue(declaration.contains("<Parameter Name=\"Attachments\" "
                + "Type=\"Collection(mscrm.attachment)\""), declaration);
    }

    @Test
    void shouldLinkTheFilesAsARoutersAndDropBlockedAndOversizedOnes() throws Exception {
        String tag = WebApi.tag();
        String messageId = "<files-" + tag + "@deliver.test>";
        byte[] report = randomBytes(30_000);
        byte[] logo = randomBytes(2_000);
        byte[] program = randomBytes(5_000);
        byte[] big = randomBytes(80_000); // 106,668 characters of Base64: over the limit set below
        String files = "[" + file("Report " + tag + ".pdf", "application/pdf", report, null) + ","
                + file("SETUP.EXE", "application/x-msdownload", program, null) + ","
                + file("..\\\\mail/logo.png", "image/png", logo, "logo-" + tag) + ","
                + file("big.bin", "application/octet-stream", big, null) + "]";
        UUID email;
        try {
            AttachmentApi.setOrganization("{\"maxuploadfilesize\": 100000}");
            email = UUID.fromString(deliver(messageId, files).then().statusCode(200).extract().path("EmailId"));
        } finally {
            AttachmentApi.setOrganization("{\"maxuploadfilesize\": 5242880}");
        }

        given().when().get(WebApi.ROOT + "emails(" + email + ")?$select=attachmentcount,notifications,statuscode")
                .then().statusCode(200).body("attachmentcount", equalTo(2)).body("notifications", equalTo(1))
                .body("statuscode", equalTo(4));
        Map<String, Map<String, Object>> rows = rows(email);
        assertEquals(List.of("Report " + tag + ".pdf", "logo.png"), rows.keySet().stream().sorted().toList(),
                "no row for the blocked SETUP.EXE nor the oversized big.bin; the path cleaned off the logo's name");
        Map<String, Object> pdf = rows.get("Report " + tag + ".pdf");
        assertEquals(report.length, pdf.get("filesize"));
        assertEquals("application/pdf", pdf.get("mimetype"));
        assertArrayEquals(report, body(pdf.get("activitymimeattachmentid")), "byte for byte");
        assertEquals("logo-" + tag, rows.get("logo.png").get("attachmentcontentid"));
        assertArrayEquals(logo, body(rows.get("logo.png").get("activitymimeattachmentid")));
        assertEquals(1, references.of(sha256(report)), "one reference, held by the file's attachment row");
        assertEquals(1, references.of(sha256(logo)));
        references.awaitReleased(sha256(program));
        references.awaitReleased(sha256(big));

        // The same message again: the same email, nothing stored or linked a second time.
        UUID again = UUID.fromString(deliver(messageId, files).then().statusCode(200).extract().path("EmailId"));
        assertEquals(email, again);
        assertEquals(2, rows(email).size());
        assertEquals(1, references.of(sha256(report)));
        assertEquals(1, references.of(sha256(logo)));
    }

    @Test
    void shouldAcceptNoFilesAsBefore() {
        String tag = WebApi.tag();
        UUID email = UUID.fromString(deliver("<none-" + tag + "@deliver.test>", "null").then().statusCode(200)
                .extract().path("EmailId"));
        UUID empty = UUID.fromString(deliver("<empty-" + tag + "@deliver.test>", "[]").then().statusCode(200)
                .extract().path("EmailId"));
        for (UUID id : List.of(email, empty)) {
            given().when().get(WebApi.ROOT + "emails(" + id + ")?$select=attachmentcount,notifications").then()
                    .statusCode(200).body("attachmentcount", equalTo(0)).body("notifications", equalTo(null));
        }
    }

    @Test
    void shouldRefuseMalformedAttachmentsBeforeStoringOrCreatingAnything() throws Exception {
        byte[] fine = randomBytes(1_000); // stored by nothing else: its blob row would show a store
        String good = file("ok.txt", "text/plain", fine, null);
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("\"not a list\"", "0x80048d19");
        bad.put("{\"body\":\"aGk=\"}", "0x80040203");
        bad.put("[1]", "0x80040203");
        bad.put("[" + good + ",null]", "0x80040203");
        bad.put("[{\"filename\":\"a.txt\"}]", "0x80040203");
        bad.put("[{\"filename\":\"a.txt\",\"body\":42}]", "0x80040203");
        bad.put("[" + good + ",{\"filename\":\"a.txt\",\"body\":\"not base64!\"}]", "0x80040203");
        bad.put("[{\"filename\":\"a.txt\",\"body\":\"aGk\"}]", "0x80040203");
        bad.put("[{\"filename\":7,\"body\":\"aGk=\"}]", "0x80040203");
        bad.put("[{\"filename\":\"a.txt\",\"mimetype\":\"" + "x".repeat(257) + "\",\"body\":\"aGk=\"}]",
                "0x80040203");
        bad.put("[{\"filename\":\"a.txt\",\"mimetype\":\"text/plain\\r\\nX: y\",\"body\":\"aGk=\"}]", "0x80040203");
        bad.put("[{\"@odata.type\":\"Microsoft.Dynamics.CRM.contact\",\"filename\":\"a.txt\",\"body\":\"aGk=\"}]",
                "0x80040203");
        for (Map.Entry<String, String> attachments : bad.entrySet()) {
            String messageId = "<bad-" + WebApi.tag() + "@deliver.test>";
            Response refused = deliver(messageId, attachments.getKey());
            assertEquals(400, refused.statusCode(), attachments.getKey() + ": " + refused.asString());
            assertEquals(attachments.getValue(), refused.jsonPath().getString("error.code"), attachments.getKey());
            given().queryParam("$filter", "messageid eq '" + messageId + "'").when()
                    .get(WebApi.ROOT + "emails/$count").then().body(equalTo("0"));
        }
        assertEquals(-1, references.of(sha256(fine)), "the good file beside a bad one was not stored");
    }

    private static Response deliver(String messageId, String attachments) {
        return EmailApi.post(DELIVER, """
                {"MessageId":"%s","Subject":"Files","From":"writer@deliver.test","To":"admin@mailroom.local",
                 "Body":"<p>See the files</p>","Attachments":%s}
                """.formatted(messageId, attachments));
    }

    private static String file(String filename, String mimeType, byte[] bytes, String contentId) {
        return """
                {"@odata.type":"Microsoft.Dynamics.CRM.attachment","filename":"%s","mimetype":"%s","body":"%s"%s}"""
                .formatted(filename, mimeType, Base64.getEncoder().encodeToString(bytes),
                        contentId == null ? "" : ",\"attachmentcontentid\":\"" + contentId + "\"");
    }

    /** The email's attachment rows by file name. */
    private static Map<String, Map<String, Object>> rows(UUID email) {
        List<Map<String, Object>> value = given().when().get(WebApi.ROOT + "activitymimeattachments?$filter="
                + "_objectid_value eq " + email + "&$select=filename,filesize,mimetype,attachmentcontentid").then()
                .statusCode(200).extract().jsonPath().getList("value");
        return value.stream().collect(Collectors.toMap(row -> (String) row.get("filename"), row -> row));
    }

    private static byte[] body(Object rowId) {
        return Base64.getDecoder().decode(given().when().get(WebApi.ROOT + "activitymimeattachments(" + rowId
                + ")/body/$value").then().statusCode(200).extract().asString());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random().nextBytes(bytes);
        return bytes;
    }
}
