package dev.mailroom.activity.odata.rest;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ServerSocket;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * attachment-service down (activity-service pointed at a port where nothing listens): every Web API call that needs
 * a file's bytes answers 503 with Dataverse's body and code {@code 0x80040216}, and leaves nothing half-written.
 */
@QuarkusTest
@TestProfile(AttachmentServiceDownTest.AttachmentServiceDown.class)
class AttachmentServiceDownTest {

    static final String NOBODY_LISTENS = "http://127.0.0.1:" + closedPort();

    /** The real stack, but attachment-service's URL is a port that was free a moment ago and is closed now. */
    public static class AttachmentServiceDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("activity.attachments.service-url", NOBODY_LISTENS);
        }
    }

    private static final String TARGET = """
            {"@odata.type": "Microsoft.Dynamics.CRM.activitymimeattachment",
             "objectid_email@odata.bind": "/emails(%s)", "objecttypecode": "email", "subject": "Blocks",
             "filename": "report.pdf", "mimetype": "application/pdf"}""";

    @Inject
    DataSource dataSource;

    @BeforeEach
    void attachmentServiceIsReallyDown() {
        // The stack's own attachment-service URL must not win over the profile's: the test is void otherwise.
        assertEquals(NOBODY_LISTENS, ConfigProvider.getConfig().getValue("activity.attachments.service-url",
                String.class));
    }

    @Test
    void shouldAnswer503ToACreateWithABodyAndWriteNothing() throws Exception {
        UUID email = AttachmentApi.createEmail(WebApi.tag());
        long filesBefore = count("SELECT count(*) FROM attachment");

        Response response = AttachmentApi.postFile(email, "report.pdf", "application/pdf",
                Base64.getEncoder().encodeToString(ActivityMimeAttachmentsTest.randomBytes(50_000)));

        assertUnavailable(response);
        assertEquals(0, rowsOf(email), "no attachment row");
        assertEquals(0, AttachmentApi.attachmentCount(email), "attachmentcount unchanged");
        assertEquals(filesBefore, count("SELECT count(*) FROM attachment"), "no file row");
    }

    @Test
    void shouldAnswer503ToABlockUploadAndWriteNothing() throws Exception {
        UUID email = AttachmentApi.createEmail(WebApi.tag());
        String token = action("InitializeAttachmentBlocksUpload", "{\"Target\": " + TARGET.formatted(email) + "}")
                .then().statusCode(200).extract().path("FileContinuationToken");

        assertUnavailable(action("UploadBlock", """
                {"BlockId": "QQ==", "BlockData": "%s", "FileContinuationToken": "%s"}
                """.formatted(Base64.getEncoder().encodeToString(new byte[10_000]), token)));

        assertEquals(0, rowsOf(email));
        assertEquals(0, AttachmentApi.attachmentCount(email));
    }

    @Test
    void shouldAnswer503ToDownloads() throws Exception {
        UUID email = AttachmentApi.createEmail(WebApi.tag());
        UUID row = storedRowWhoseBytesAreInAttachmentService(email);

        assertUnavailable(WebApi.request().when().get(WebApi.ROOT + "activitymimeattachments(" + row
                + ")/body/$value"));
        Response init = action("InitializeAttachmentBlocksDownload", """
                {"Target": {"@odata.type": "Microsoft.Dynamics.CRM.activitymimeattachment",
                            "activitymimeattachmentid": "%s"}}""".formatted(row));
        init.then().statusCode(200);
        assertUnavailable(action("DownloadBlock", """
                {"Offset": 0, "BlockLength": 1000, "FileContinuationToken": "%s"}
                """.formatted(init.<String>path("FileContinuationToken"))));
        assertEquals(1, rowsOf(email), "the row is untouched");
    }

    private static void assertUnavailable(Response response) {
        response.then().statusCode(503).contentType(startsWith("application/json"))
                .body("error.code", equalTo("0x80040216"))
                .body("error.message", equalTo("File storage is unavailable; nothing was saved. Try again later."));
    }

    private static Response action(String name, String body) {
        return WebApi.request().body(body).when().post(WebApi.ROOT + name);
    }

    /** A row as a create would have left it while attachment-service was up (written here in SQL: it is down). */
    private UUID storedRowWhoseBytesAreInAttachmentService(UUID email) throws Exception {
        UUID file = UUID.randomUUID();
        UUID row = UUID.randomUUID();
        Timestamp now = Timestamp.from(Instant.now());
        try (var connection = dataSource.getConnection()) {
            try (var statement = connection.prepareStatement("INSERT INTO attachment (attachmentid, sha256, filename, "
                    + "filesize, mimetype, createdon, modifiedon) VALUES (?, ?, 'report.pdf', 3000, "
                    + "'application/pdf', ?, ?)")) {
                statement.setObject(1, file);
                statement.setString(2, "ab".repeat(32));
                statement.setTimestamp(3, now);
                statement.setTimestamp(4, now);
                statement.executeUpdate();
            }
            try (var statement = connection.prepareStatement("INSERT INTO activitymimeattachment "
                    + "(activitymimeattachmentid, objectid, objecttypecode, subject, filename, filesize, mimetype, "
                    + "attachmentid, attachmentnumber, createdon, modifiedon) VALUES (?, ?, 'email', 'Report', "
                    + "'report.pdf', 3000, 'application/pdf', ?, 1, ?, ?)")) {
                statement.setObject(1, row);
                statement.setObject(2, email);
                statement.setObject(3, file);
                statement.setTimestamp(4, now);
                statement.setTimestamp(5, now);
                statement.executeUpdate();
            }
        }
        return row;
    }

    private long rowsOf(UUID email) throws Exception {
        return count("SELECT count(*) FROM activitymimeattachment WHERE objectid = '" + email + "'");
    }

    private long count(String sql) throws Exception {
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement();
                var results = statement.executeQuery(sql)) {
            results.next();
            return results.getLong(1);
        }
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
