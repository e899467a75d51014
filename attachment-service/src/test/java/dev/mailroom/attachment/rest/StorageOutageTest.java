package dev.mailroom.attachment.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.mailroom.attachment.Blob;
import dev.mailroom.attachment.CuttableStorageResource;
import dev.mailroom.attachment.config.StorageConfig;
import dev.mailroom.attachment.repository.BlobRepository;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * S3 goes away in the middle of an upload (the link is cut after part of the file has gone to S3): the upload
 * answers 503 and leaves no row, no object and no temporary object; once S3 is back, the same upload succeeds.
 */
@QuarkusTest
@WithTestResource(CuttableStorageResource.class)
class StorageOutageTest {

    @Inject
    BlobRepository repository;

    @Inject
    StorageConfig storage;

    @Inject
    MinioClient client;

    @Test
    void shouldLeaveNothingWhenStorageFailsMidUpload() throws Exception {
        byte[] bytes = BlobResourceTest.randomBytes(12_000_000);
        String sha256 = BlobResourceTest.sha256(bytes);
        CuttableStorageResource.link.cutAfter(3_000_000);

        BlobResourceTest.upload().contentType("application/pdf").body(bytes).when().put("/blobs")
                .then().statusCode(503).body("error", equalTo("StorageUnavailable"));

        assertTrue(CuttableStorageResource.link.isCut(), "the link was cut during the upload, not before");
        assertEquals(0, repository.count("sha256", sha256));
        given().when().get("/q/health/ready").then().statusCode(503);

        CuttableStorageResource.link.restore();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> given().when().get("/q/health/ready").statusCode() == 200);
        assertFalse(objectExists(sha256), "no object was left by the failed upload");
        assertFalse(client.listObjects(ListObjectsArgs.builder().bucket(storage.bucket())
                .prefix(Blob.TEMPORARY_PREFIX).recursive(true).build()).iterator().hasNext(),
                "no temporary object was left by the failed upload");

        BlobResourceTest.upload().contentType("application/pdf").body(bytes).when().put("/blobs")
                .then().statusCode(201).body("sha256", equalTo(sha256));
        assertEquals(1, repository.count("sha256", sha256));
        assertTrue(objectExists(sha256));
    }

    /**
     * The same with a one-part body that declares its hash: it streams to S3 as it arrives (BlobService's streamed
     * path), and the link is cut after part of it went through. 503, no row, no object; the same upload succeeds
     * once S3 is back.
     */
    @Test
    void shouldLeaveNothingWhenStorageFailsMidStreamedUpload() throws Exception {
        byte[] bytes = BlobResourceTest.randomBytes(3_000_000);
        String sha256 = BlobResourceTest.sha256(bytes);
        String digest = StreamedUploadTest.reprDigest(bytes);
        CuttableStorageResource.link.cutAfter(1_000_000);
        try {
            BlobResourceTest.upload().header("Repr-Digest", digest).contentType("application/pdf").body(bytes)
                    .when().put("/blobs").then().statusCode(503).body("error", equalTo("StorageUnavailable"));

            assertTrue(CuttableStorageResource.link.isCut(), "the link was cut during the upload, not before");
            assertEquals(0, repository.count("sha256", sha256));
        } finally {
            CuttableStorageResource.link.restore();
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> given().when().get("/q/health/ready").statusCode() == 200);
        assertFalse(objectExists(sha256), "no object was left by the failed upload");

        BlobResourceTest.upload().header("Repr-Digest", digest).contentType("application/pdf").body(bytes)
                .when().put("/blobs").then().statusCode(201).body("sha256", equalTo(sha256));
        assertEquals(1, repository.count("sha256", sha256));
        assertTrue(objectExists(sha256));
    }

    private boolean objectExists(String sha256) {
        try {
            client.statObject(StatObjectArgs.builder().bucket(storage.bucket()).object(Blob.objectKey(sha256))
                    .build());
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
