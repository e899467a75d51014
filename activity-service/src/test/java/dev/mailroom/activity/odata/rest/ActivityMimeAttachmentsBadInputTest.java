package dev.mailroom.activity.odata.rest;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.mailroom.localstack.testing.TestIdentity;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Every refused upload answers Dataverse's error and leaves nothing behind: no row, no count, no object in the
 * bucket, no blob row in attachment-service.
 */
@QuarkusTest
class ActivityMimeAttachmentsBadInputTest {

    private static final String DEFAULT_BLOCKED = "ade;adp;app;asa;ashx;asmx;asp;bas;bat;cdx;cer;chm;class;cmd;com;"
            + "config;cpl;crt;csh;dll;exe;fxp;hlp;hta;htr;htw;ida;idc;idq;inf;ins;isp;its;jar;js;jse;ksh;lnk;mad;maf;"
            + "mag;mam;maq;mar;mas;mat;mau;mav;maw;mda;mdb;mde;mdt;mdw;mdz;msc;msh;msh1;msh1xml;msh2;msh2xml;mshxml;"
            + "msi;msp;mst;ops;pcd;pif;prf;prg;printer;pst;reg;rem;scf;scr;sct;shb;shs;shtm;shtml;soap;stm;tmp;url;vb;"
            + "vbe;vbs;vsmacros;vss;vst;vsw;ws;wsc;wsf;wsh;svg";

    @Inject
    DataSource dataSource;

    @ParameterizedTest
    @ValueSource(strings = {"not base64!", "aGVsbG8", "aGVs bG8=", "aGVsbG8=\n", "====", "aGVsbG8=aGVs"})
    void shouldRefuseABodyThatIsNotBase64(String body) throws Exception {
        assertRefusedWithoutTrace(file -> AttachmentApi.postFile(file, "a.txt", "text/plain", jsonEscaped(body)),
                400, "0x80048d19");
    }

    @Test
    void shouldRefuseABodyOneByteOverTheLimitCountedInBase64() throws Exception {
        byte[] bytes = ActivityMimeAttachmentsTest.randomBytes(753);
        String base64 = Base64.getEncoder().encodeToString(bytes);
        assertEquals(1004, base64.length());
        try {
            AttachmentApi.setOrganization("{\"maxuploadfilesize\": 1003}");
            assertRefusedWithoutTrace(file -> AttachmentApi.postFile(file, "big.bin", "application/octet-stream",
                    base64), 400, "0x80044a02");

            AttachmentApi.setOrganization("{\"maxuploadfilesize\": 1004}");
            UUID email = AttachmentApi.createEmail(WebApi.tag());
            AttachmentApi.postFile(email, "big.bin", "application/octet-stream", base64).then().statusCode(204);
        } finally {
            AttachmentApi.setOrganization("{\"maxuploadfilesize\": 5242880}");
        }
    }

    /**
     * A create whose Content-Length cannot hold a body within the limit (over twice the limit plus 64 KiB, see
     * AttachmentUploadSizeLimit) is refused before its body is read: only the headers and 100 bytes are sent, and
     * the answer must come back while the rest is unsent (a server reading the body would wait for it instead).
     */
    @Test
    void shouldRefuseAnOversizedContentLengthBeforeReadingTheBody() throws Exception {
        UUID email = AttachmentApi.createEmail(WebApi.tag());
        List<String> objects = AttachmentStorage.objectKeys();
        long blobs = blobRows();
        String answer;
        try {
            AttachmentApi.setOrganization("{\"maxuploadfilesize\": 100000}");
            answer = rawPostStartingWith(WebApi.ROOT + "activitymimeattachments", 2 * 100_000 + 64 * 1024 + 1,
                    "{\"objectid_email@odata.bind\": \"/emails(" + email + ")\", \"objecttypecode\": \"email\", "
                            + "\"filename\": \"a.pdf\", \"body\": \"" + "QUFB".repeat(25));
        } finally {
            AttachmentApi.setOrganization("{\"maxuploadfilesize\": 5242880}");
        }

        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        assertTrue(answer.contains("{\"error\":{\"code\":\"0x80044a02\",\"message\":\"Attachment file size is too "
                + "big.\"}}"), answer);
        assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("connection: close"), answer);
        assertEquals(0, AttachmentApi.attachmentCount(email));
        assertEquals(objects, AttachmentStorage.objectKeys(), "no object left in the bucket");
        assertEquals(blobs, blobRows(), "no blob row left in attachment-service");
    }

    /** Sends the headers and only {@code start} of a body of {@code declared} bytes; answers all that comes back. */
    private static String rawPostStartingWith(String path, long declared, String start) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", io.restassured.RestAssured.port)) {
            socket.setSoTimeout(30_000);
            var out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + TestIdentity.administratorToken() + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + declared + "\r\n\r\n" + start).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void shouldRefuseALimitOverDataversesMaximum() {
        WebApi.request().header("If-Match", "*").body("{\"maxuploadfilesize\": 131072001}").when()
                .patch(WebApi.ROOT + "organizations(" + AttachmentApi.ORGANIZATION + ")").then().statusCode(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"setup.exe", "SETUP.EXE", "Setup.Exe", "script.Js", "drawing.SVG", "archive.tar.bAt",
            "trailing.exe.", "trailing.exe  "})
    void shouldRefuseABlockedExtensionInAnyLetterCase(String filename) throws Exception {
        assertRefusedWithoutTrace(file -> AttachmentApi.postFile(file, filename, "application/octet-stream",
                "aGVsbG8="), 400, "0x80043e09");
    }

    @Test
    void shouldFollowTheOrganizationsBlockedList() throws Exception {
        try {
            AttachmentApi.setOrganization("{\"blockedattachments\": \"pdf;exe\"}");
            assertRefusedWithoutTrace(file -> AttachmentApi.postFile(file, "r.PDF", "application/pdf", "aGVsbG8="),
                    400, "0x80043e09");
            UUID email = AttachmentApi.createEmail(WebApi.tag());
            AttachmentApi.postFile(email, "allowed.js", "text/javascript", "aGVsbG8=").then().statusCode(204);
        } finally {
            AttachmentApi.setOrganization("{\"blockedattachments\": \"" + DEFAULT_BLOCKED + "\"}");
        }
    }

    @Test
    void shouldFollowTheOrganizationsMimeTypeLists() throws Exception {
        try {
            AttachmentApi.setOrganization("{\"blockedmimetypes\": \"application/x-msdownload;text/html\"}");
            assertRefusedWithoutTrace(file -> AttachmentApi.postFile(file, "page.htm", "TEXT/HTML; charset=utf-8",
                    "aGVsbG8="), 400, "0x80072522");

            AttachmentApi.setOrganization("{\"allowedmimetypes\": \"application/pdf;image/png\"}");
            assertRefusedWithoutTrace(file -> AttachmentApi.postFile(file, "notes.txt", "text/plain", "aGVsbG8="),
                    400, "0x80072521");
            UUID email = AttachmentApi.createEmail(WebApi.tag());
            AttachmentApi.postFile(email, "page.htm", "text/html", "aGVsbG8=").then().statusCode(400)
                    .body("error.code", equalTo("0x80072521"));
            AttachmentApi.postFile(email, "scan.png", "image/png", "aGVsbG8=").then().statusCode(204);
        } finally {
            AttachmentApi.setOrganization("{\"blockedmimetypes\": null, \"allowedmimetypes\": null}");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc/passwd", "dir/file.txt", "C:\\temp\\file.txt", "line\nbreak.txt",
            "tab\there.txt", "nul\u0000.txt", "bell\u0007.txt", "..", ".", " "})
    void shouldRefuseABadFilename(String filename) throws Exception {
        assertRefusedWithoutTrace(file -> AttachmentApi.postFile(file, filename, "text/plain", "aGVsbG8="),
                400, "0x80040203");
    }

    @Test
    void shouldRefuseAMissingFilename() throws Exception {
        assertRefusedWithoutTrace(file -> AttachmentApi.postFile(file, null, "text/plain", "aGVsbG8="),
                400, "0x80040203");
    }

    @Test
    void shouldRefuseAReuseOfAMissingAttachment() throws Exception {
        assertRefusedWithoutTrace(file -> AttachmentApi.reuse(file, UUID.randomUUID().toString()), 404,
                "0x80040217");
    }

    @Test
    void shouldRefuseAReuseThatAlsoCarriesABody() throws Exception {
        UUID email = AttachmentApi.createEmail(WebApi.tag());
        UUID row = AttachmentApi.attach(email, "a.txt", "text/plain", "hello".getBytes());
        String attachmentId = AttachmentApi.read(row, "_attachmentid_value").then().extract()
                .path("_attachmentid_value");
        assertRefusedWithoutTrace(file -> WebApi.request().body("""
                {"objectid_email@odata.bind": "/emails(%s)", "objecttypecode": "email", "body": "aGVsbG8=",
                 "attachmentid@odata.bind": "/attachments(%s)"}
                """.formatted(file, attachmentId)).when().post(WebApi.ROOT + "activitymimeattachments"), 400,
                "0x80040203");
    }

    @Test
    void shouldRefuseAnAttachmentWithoutBodyOrEmail() throws Exception {
        assertRefusedWithoutTrace(file -> WebApi.request().body("""
                {"objectid_email@odata.bind": "/emails(%s)", "objecttypecode": "email", "filename": "a.txt"}
                """.formatted(file)).when().post(WebApi.ROOT + "activitymimeattachments"), 400, "0x80040203");
        WebApi.request().body("{\"filename\": \"a.txt\", \"body\": \"aGVsbG8=\"}").when()
                .post(WebApi.ROOT + "activitymimeattachments").then().statusCode(400)
                .body("error.code", equalTo("0x80040203"));
        WebApi.request().body("""
                {"objectid_email@odata.bind": "/emails(%s)", "filename": "a.txt", "body": "aGVsbG8="}
                """.formatted(UUID.randomUUID())).when().post(WebApi.ROOT + "activitymimeattachments").then()
                .statusCode(404).body("error.code", equalTo("0x80040217"));
    }

    /** Posts against a fresh email, expects the error, and finds no row, no count, no new object, no new blob. */
    private void assertRefusedWithoutTrace(java.util.function.Function<UUID, Response> post, int status,
            String code) throws Exception {
        UUID email = AttachmentApi.createEmail(WebApi.tag());
        List<String> objects = AttachmentStorage.objectKeys();
        long blobs = blobRows();

        post.apply(email).then().statusCode(status).body("error.code", equalTo(code));

        assertEquals(0, AttachmentApi.attachmentCount(email));
        WebApi.request().when().get(WebApi.ROOT + "activitymimeattachments?$filter=_objectid_value eq " + email)
                .then().statusCode(200).body("value.size()", equalTo(0));
        assertEquals(objects, AttachmentStorage.objectKeys(), "no object left in the bucket");
        assertEquals(blobs, blobRows(), "no blob row left in attachment-service");
    }

    private long blobRows() throws Exception {
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement();
                var results = statement.executeQuery("SELECT count(*) FROM attachment.blob")) {
            results.next();
            return results.getLong(1);
        }
    }

    private static String jsonEscaped(String text) {
        return text.replace("\n", "\\n");
    }
}
