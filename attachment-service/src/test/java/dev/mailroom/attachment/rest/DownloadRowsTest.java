package dev.mailroom.attachment.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.attachment.Blob;
import dev.mailroom.attachment.repository.BlobHead;
import dev.mailroom.attachment.repository.BlobRepository;
import dev.mailroom.attachment.repository.DownloadRows;
import dev.mailroom.attachment.service.BlobCollector;
import dev.mailroom.attachment.storage.BlobStore;
import dev.mailroom.localstack.testing.LocalStackResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The cache of download rows against the real PostgreSQL and S3 server: an upload caches the row it committed; a
 * blob deleted after its row was cached is never served, whoever deleted it; a blob stored again after a deletion is
 * served with its new type; the cache holds no more rows than configured.
 */
@QuarkusTest
@TestProfile(DownloadRowsTest.SmallRowCache.class)
@WithTestResource(value = LocalStackResource.class,
        initArgs = @ResourceArg(name = "components", value = "kafka,postgres,s3"))
class DownloadRowsTest {

    private static final int CACHE_SIZE = 3;

    /** A row cache of three rows, so that its bound shows with a few blobs. */
    public static class SmallRowCache implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("attachments.downloads.row-cache-size", String.valueOf(CACHE_SIZE));
        }
    }

    @Inject
    DownloadRows rows;

    @Inject
    BlobCollector collector;

    @Inject
    BlobRepository repository;

    @Inject
    BlobStore store;

    @Test
    void shouldCacheTheRowAnUploadCommitted() {
        byte[] bytes = BlobResourceTest.randomBytes(30_000);
        String sha256 = BlobResourceTest.sha256(bytes);

        BlobResourceTest.upload().contentType("application/zip").body(bytes).when().put("/blobs").then()
                .statusCode(201);

        assertEquals(new BlobHead(sha256, 30_000, "application/zip"), rows.cached(sha256));
        BlobResourceTest.upload().contentType("text/plain").body(bytes).when().put("/blobs").then().statusCode(200);
        assertEquals(new BlobHead(sha256, 30_000, "application/zip"), rows.cached(sha256),
                "the same bytes again keep the first type, as the row does");
    }

    @Test
    void shouldNotServeACachedBlobOnceTheCollectorDeletedIt() {
        String sha256 = uploadedAndDownloaded(BlobResourceTest.randomBytes(20_000), "application/pdf");
        assertNotNull(rows.cached(sha256), "the upload cached the row");

        assertTrue(collector.collectGarbage() >= 1);

        assertNull(rows.cached(sha256), "the collector dropped the row it deleted");
        given().when().get("/blobs/" + sha256).then().statusCode(404).body("error", equalTo("BlobNotFound"));
        given().when().get("/blobs/" + sha256 + "?offset=10&length=10").then().statusCode(404)
                .body("error", equalTo("BlobNotFound"));
    }

    /** Another instance's collector deletes the row and the object; this instance's cache still holds the row. */
    @Test
    void shouldAnswer404WhenTheObjectWasDeletedBehindTheCachedRow() {
        String sha256 = uploadedAndDownloaded(BlobResourceTest.randomBytes(20_000), "application/pdf");
        QuarkusTransaction.requiringNew().run(() -> repository.delete("sha256", sha256));
        store.delete(Blob.objectKey(sha256));
        assertNotNull(rows.cached(sha256), "the row is still cached here");

        given().when().get("/blobs/" + sha256).then().statusCode(404).body("error", equalTo("BlobNotFound"))
                .body("message", equalTo("No blob " + sha256));

        assertNull(rows.cached(sha256), "S3's 404 dropped the cached row");
        given().when().get("/blobs/" + sha256).then().statusCode(404).body("error", equalTo("BlobNotFound"));
    }

    @Test
    void shouldAnswer404ForACachedSliceWhoseObjectWasDeleted() {
        String sha256 = uploadedAndDownloaded(BlobResourceTest.randomBytes(20_000), "application/pdf");
        QuarkusTransaction.requiringNew().run(() -> repository.delete("sha256", sha256));
        store.delete(Blob.objectKey(sha256));

        given().when().get("/blobs/" + sha256 + "?offset=100&length=10").then().statusCode(404)
                .body("error", equalTo("BlobNotFound"));

        assertNull(rows.cached(sha256));
    }

    @Test
    void shouldServeTheNewTypeOfBytesStoredAgainAfterCollection() {
        byte[] bytes = BlobResourceTest.randomBytes(20_000);
        String sha256 = uploadedAndDownloaded(bytes, "application/pdf");
        collector.collectGarbage();

        BlobResourceTest.upload().contentType("image/png").body(bytes).when().put("/blobs").then().statusCode(201);

        byte[] served = given().when().get("/blobs/" + sha256).then().statusCode(200)
                .header("Content-Type", startsWith("image/png")).extract().asByteArray();
        assertArrayEquals(bytes, served);
    }

    @Test
    void shouldKeepNoMoreRowsThanConfigured() {
        for (int i = 0; i < 2 * CACHE_SIZE; i++) {
            byte[] bytes = BlobResourceTest.randomBytes(1_000 + i);
            String sha256 = uploadedAndDownloaded(bytes, "text/plain");
            byte[] slice = given().when().get("/blobs/" + sha256 + "?offset=5&length=20").then().statusCode(200)
                    .extract().asByteArray();
            assertArrayEquals(Arrays.copyOfRange(bytes, 5, 25), slice);
        }

        assertTrue(rows.size() <= CACHE_SIZE, "rows cached: " + rows.size());
    }

    /** Uploads the bytes (which caches the row), downloads them whole and checks them; returns their hash. */
    private static String uploadedAndDownloaded(byte[] bytes, String mimeType) {
        String sha256 = BlobResourceTest.sha256(bytes);
        BlobResourceTest.upload().contentType(mimeType).body(bytes).when().put("/blobs").then().statusCode(201);
        byte[] served = given().when().get("/blobs/" + sha256).then().statusCode(200)
                .header("Content-Type", startsWith(mimeType)).extract().asByteArray();
        assertArrayEquals(bytes, served);
        assertEquals(bytes.length, served.length);
        return sha256;
    }
}
