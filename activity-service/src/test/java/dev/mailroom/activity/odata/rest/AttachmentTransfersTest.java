package dev.mailroom.activity.odata.rest;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Downloads ({@code body/$value}, block download) and block uploads of attachment files, on the real stack. */
@QuarkusTest
class AttachmentTransfersTest {

    private static final String TARGET = """
            {"@odata.type": "Microsoft.Dynamics.CRM.activitymimeattachment",
             "objectid_email@odata.bind": "/emails(%s)", "objecttypecode": "email", "subject": "Blocks",
             "filename": "%s", "mimetype": "application/pdf"}""";

    @Test
    void shouldStreamTheBodyAsBase64Text() {
        UUID email = AttachmentApi.createEmail(WebApi.tag());
        byte[] bytes = ActivityMimeAttachmentsTest.randomBytes(300_002);
        UUID row = AttachmentApi.attach(email, "scan.png", "image/png", bytes);

        Response response = WebApi.request().when()
                .get(WebApi.ROOT + "activitymimeattachments(" + row + ")/body/$value");

        response.then().statusCode(200).contentType("text/plain")
                .header("Content-Length", String.valueOf((300_002 + 2) / 3 * 4));
        assertArrayEquals(bytes, Base64.getDecoder().decode(response.asString()));
        WebApi.request().when().get(WebApi.ROOT + "activitymimeattachments(" + UUID.randomUUID() + ")/body/$value")
                .then().statusCode(404).body("error.code", equalTo("0x80040217"));
    }

    @Test
    void shouldUploadInBlocksAndDownloadInBlocks() {
        UUID email = AttachmentApi.createEmail(WebApi.tag());
        byte[] bytes = ActivityMimeAttachmentsTest.randomBytes(250_000);
        String token = action("InitializeAttachmentBlocksUpload", "{\"Target\": " + TARGET.formatted(email,
                "big.pdf") + "}").then().statusCode(200).extract().path("FileContinuationToken");
        String[] blockIds = new String[3];
        // Sent out of order: the BlockList decides the order of the file.
        for (int i = 2; i >= 0; i--) {
            byte[] block = Arrays.copyOfRange(bytes, i * 100_000, Math.min(bytes.length, (i + 1) * 100_000));
            blockIds[i] = Base64.getEncoder().encodeToString(String.format("block-%04d", i).getBytes());
            action("UploadBlock", """
                    {"BlockId": "%s", "BlockData": "%s", "FileContinuationToken": "%s"}
                    """.formatted(blockIds[i], Base64.getEncoder().encodeToString(block), token))
                    .then().statusCode(204);
        }

        Response commit = action("CommitAttachmentBlocksUpload", """
                {"Target": %s, "BlockList": ["%s", "%s", "%s"], "FileContinuationToken": "%s"}
                """.formatted(TARGET.formatted(email, "big.pdf"), blockIds[0], blockIds[1], blockIds[2], token));
        commit.then().statusCode(200).body("FileSizeInBytes", equalTo(250_000));
        UUID row = UUID.fromString(commit.path("ActivityMimeAttachmentId"));
        AttachmentApi.read(row, "filename,filesize,mimetype,attachmentnumber").then().statusCode(200)
                .body("filename", equalTo("big.pdf")).body("filesize", equalTo(250_000))
                .body("attachmentnumber", equalTo(1));
        assertEquals(1, AttachmentApi.attachmentCount(email));

        Response init = action("InitializeAttachmentBlocksDownload", """
                {"Target": {"@odata.type": "Microsoft.Dynamics.CRM.activitymimeattachment",
                            "activitymimeattachmentid": "%s"}}""".formatted(row));
        init.then().statusCode(200).body("FileSizeInBytes", equalTo(250_000)).body("FileName", equalTo("big.pdf"));
        String download = init.path("FileContinuationToken");
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        for (long offset = 0; offset < 250_000; offset += 64_000) {
            String data = action("DownloadBlock", """
                    {"Offset": %d, "BlockLength": 64000, "FileContinuationToken": "%s"}
                    """.formatted(offset, download)).then().statusCode(200).extract().path("Data");
            received.writeBytes(Base64.getDecoder().decode(data));
        }
        assertArrayEquals(bytes, received.toByteArray());
    }

    @Test
    void shouldRefuseBadBlockTransfers() {
        UUID email = AttachmentApi.createEmail(WebApi.tag());
        action("InitializeAttachmentBlocksUpload", "{\"Target\": " + TARGET.formatted(email, "setup.EXE") + "}")
                .then().statusCode(400).body("error.code", equalTo("0x80043e09"));
        action("InitializeAttachmentBlocksUpload", "{\"Target\": " + TARGET.formatted(email, "../x.pdf") + "}")
                .then().statusCode(400).body("error.code", equalTo("0x80040203"));
        action("UploadBlock", """
                {"BlockId": "QQ==", "BlockData": "aGVsbG8=", "FileContinuationToken": "%s"}
                """.formatted(UUID.randomUUID())).then().statusCode(400).body("error.code", equalTo("0x80040203"));

        String token = action("InitializeAttachmentBlocksUpload", "{\"Target\": " + TARGET.formatted(email,
                "ok.pdf") + "}").then().statusCode(200).extract().path("FileContinuationToken");
        action("UploadBlock", """
                {"BlockId": "QQ==", "BlockData": "not base64", "FileContinuationToken": "%s"}
                """.formatted(token)).then().statusCode(400).body("error.code", equalTo("0x80048d19"));
        action("CommitAttachmentBlocksUpload", """
                {"Target": %s, "BlockList": ["Qg=="], "FileContinuationToken": "%s"}
                """.formatted(TARGET.formatted(email, "ok.pdf"), token)).then().statusCode(400)
                .body("error.code", equalTo("0x80040203"));
        assertEquals(0, AttachmentApi.attachmentCount(email));
    }

    @Test
    void shouldRefuseABlockUploadOverTheLimit() {
        UUID email = AttachmentApi.createEmail(WebApi.tag());
        try {
            AttachmentApi.setOrganization("{\"maxuploadfilesize\": 1000}");
            String token = action("InitializeAttachmentBlocksUpload", "{\"Target\": " + TARGET.formatted(email,
                    "big.pdf") + "}").then().statusCode(200).extract().path("FileContinuationToken");
            // 751 bytes are 1,004 characters of Base64: over the limit although the bytes are under it.
            action("UploadBlock", """
                    {"BlockId": "QQ==", "BlockData": "%s", "FileContinuationToken": "%s"}
                    """.formatted(Base64.getEncoder().encodeToString(new byte[751]), token)).then().statusCode(204);
            action("CommitAttachmentBlocksUpload", """
                    {"Target": %s, "BlockList": ["QQ=="], "FileContinuationToken": "%s"}
                    """.formatted(TARGET.formatted(email, "big.pdf"), token)).then().statusCode(400)
                    .body("error.code", equalTo("0x80044a02"));
            assertEquals(0, AttachmentApi.attachmentCount(email));
        } finally {
            AttachmentApi.setOrganization("{\"maxuploadfilesize\": 5242880}");
        }
    }

    private static Response action(String name, String body) {
        return WebApi.request().body(body).when().post(WebApi.ROOT + name);
    }
}
