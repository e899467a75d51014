package dev.mailroom.attachment.rest;

import static dev.mailroom.attachment.rest.BlobResourceTest.randomBytes;
import static dev.mailroom.attachment.rest.BlobResourceTest.sha256;
import static dev.mailroom.attachment.rest.BlobResourceTest.upload;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.mailroom.attachment.Blob;
import dev.mailroom.attachment.cache.BlobCache;
import dev.mailroom.attachment.cache.Lease;
import dev.mailroom.attachment.service.BlobCollector;
import dev.mailroom.attachment.storage.BlobStore;
import dev.mailroom.localstack.testing.LocalStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Downloads served from the local copies uploads leave (BlobCache), against the real PostgreSQL and S3 server. To show
 * that the bytes come from the copy, some tests delete the S3 object behind the service's back; to show that a copy
 * never serves a deleted blob, others delete the row.
 */
@QuarkusTest
@TestProfile(CachedDownloadsTest.CacheOn.class)
@WithTestResource(value = LocalStackResource.class,
        initArgs = @ResourceArg(name = "components", value = "kafka,postgres,s3"))
class CachedDownloadsTest {

    private static final int SIZE = 3 * 1024 * 1024 + 12_345;

    /** The cache on (the test profile turns it off for every other test), copies up to 24 MiB. */
    public static class CacheOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("attachments.cache.max-size", String.valueOf(64 * 1024 * 1024),
                    "attachments.cache.max-blob-size", String.valueOf(24 * 1024 * 1024));
        }
    }

    @TestHTTPResource("/")
    URL service;

    @Inject
    BlobCache cache;

    @Inject
    BlobStore store;

    @Inject
    BlobCollector collector;

    @Inject
    DataSource dataSource;

    @Test
    void shouldServeAnUploadFromItsCopyWholeAndSliced() {
        byte[] bytes = randomBytes(SIZE);
        String sha256 = sha256(bytes);
        upload().contentType("application/pdf").body(bytes).when().put("/blobs").then().statusCode(201);
        assertTrue(cache.holds(sha256), "the upload left its copy");
        store.delete(Blob.objectKey(sha256)); // from here on, only the copy has the bytes

        assertArrayEquals(bytes, given().when().get("/blobs/" + sha256).then().statusCode(200)
                .header("Content-Length", String.valueOf(SIZE)).header("Content-Type", "application/pdf")
                .extract().asByteArray());
        int[][] slices = {{262_143, 1_000_003}, {1, SIZE - 1}, {SIZE - 70_000, 1_000_000}};
        for (int[] slice : slices) {
            int length = Math.min(slice[1], SIZE - slice[0]);
            byte[] got = given().queryParam("offset", slice[0]).queryParam("length", slice[1]).when()
                    .get("/blobs/" + sha256).then().statusCode(200)
                    .header("Content-Length", String.valueOf(length)).extract().asByteArray();
            assertArrayEquals(Arrays.copyOfRange(bytes, slice[0], slice[0] + length), got,
                    "slice from " + slice[0] + " of " + length);
        }
        // HEAD: the headers of the copy's download, no body (the next request on the connection is served whole).
        byte[] none = given().when().head("/blobs/" + sha256).then().statusCode(200)
                .header("Content-Length", String.valueOf(SIZE)).extract().asByteArray();
        assertEquals(0, none.length);
        assertArrayEquals(bytes, given().when().get("/blobs/" + sha256).then().statusCode(200).extract()
                .asByteArray());
        given().queryParam("offset", SIZE).when().get("/blobs/" + sha256).then().statusCode(400);
        given().queryParam("offset", 0).queryParam("length", 0).when().get("/blobs/" + sha256).then()
                .statusCode(400);
    }

    @Test
    void shouldAnswer404ForABlobWhoseRowIsGoneAndDropItsCopy() throws Exception {
        byte[] bytes = randomBytes(100_000);
        String sha256 = sha256(bytes);
        upload().contentType("text/plain").body(bytes).when().put("/blobs").then().statusCode(201);
        // Another instance's collector deleted the blob: this instance still has the copy and the cached row.
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM blob WHERE sha256 = ?")) {
            delete.setString(1, sha256);
            assertEquals(1, delete.executeUpdate());
        }

        given().when().get("/blobs/" + sha256).then().statusCode(404);
        assertFalse(cache.holds(sha256));
    }

    @Test
    void shouldDropTheCopyOfACollectedBlob() {
        byte[] bytes = randomBytes(50_000);
        String sha256 = sha256(bytes);
        upload().contentType("text/plain").body(bytes).when().put("/blobs").then().statusCode(201);
        assertTrue(cache.holds(sha256));

        collector.collectGarbage(); // no reference and a grace period of 0 in tests
        assertFalse(cache.holds(sha256));
        given().when().get("/blobs/" + sha256).then().statusCode(404);
    }

    @Test
    void shouldStreamABlobOverTheCopyLimitFromS3() {
        byte[] bytes = randomBytes(25 * 1024 * 1024);
        String sha256 = sha256(bytes);
        upload().contentType("video/mp4").body(bytes).when().put("/blobs").then().statusCode(201);

        assertFalse(cache.holds(sha256));
        assertArrayEquals(bytes, given().when().get("/blobs/" + sha256).then().statusCode(200).extract()
                .asByteArray());
    }

    @Test
    void shouldReleaseTheCopyOfADownloadTheClientLeft() throws Exception {
        byte[] bytes = randomBytes(20 * 1024 * 1024);
        String sha256 = sha256(bytes);
        upload().contentType("video/mp4").body(bytes).when().put("/blobs").then().statusCode(201);
        Path file;
        try (Lease peek = cache.open(sha256).orElseThrow()) {
            file = peek.file();
        }

        // A client that reads the head and 100 KB, then closes its socket: the send ends, its lease with it.
        LeavingClient.readAndLeave(service, sha256, 100_000);

        cache.evict(sha256);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(file));
        // The service serves the blob on (from S3 now) whole.
        assertArrayEquals(bytes, given().when().get("/blobs/" + sha256).then().statusCode(200).extract()
                .asByteArray());
    }
}
