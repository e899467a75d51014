package dev.mailroom.attachment.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.StreamSupport;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.attachment.Blob;
import dev.mailroom.attachment.config.StorageConfig;
import dev.mailroom.attachment.repository.BlobRepository;
import dev.mailroom.localstack.testing.LocalStackResource;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Reference counting and collection against the real stack; the test profile's grace period is 0. */
@QuarkusTest
@WithTestResource(value = LocalStackResource.class,
        initArgs = @ResourceArg(name = "components", value = "kafka,postgres,s3"))
class BlobCollectorTest {

    @Inject
    BlobCollector collector;

    @Inject
    BlobRepository repository;

    @Inject
    MinioClient client;

    @Inject
    StorageConfig storage;

    @Test
    void shouldCountReferencesNeverBelowZero() {
        String sha256 = uploadRandomBlob();

        given().when().post("/blobs/" + sha256 + "/references").then().statusCode(200)
                .body("referenceCount", equalTo(1));
        given().when().post("/blobs/" + sha256 + "/references").then().statusCode(200)
                .body("referenceCount", equalTo(2));
        given().when().delete("/blobs/" + sha256 + "/references").then().statusCode(200)
                .body("referenceCount", equalTo(1));
        given().when().delete("/blobs/" + sha256 + "/references").then().statusCode(200)
                .body("referenceCount", equalTo(0));
        given().when().delete("/blobs/" + sha256 + "/references").then().statusCode(200)
                .body("referenceCount", equalTo(0));
    }

    @Test
    void shouldNotCountReferencesOfUnknownOrMalformedBlob() {
        given().when().post("/blobs/" + "0".repeat(64) + "/references").then().statusCode(404);
        given().when().delete("/blobs/" + "0".repeat(64) + "/references").then().statusCode(404);
        given().when().post("/blobs/xyz/references").then().statusCode(400);
    }

    @Test
    void shouldCollectUnreferencedBlobAndKeepReferencedOne() {
        String referenced = uploadRandomBlob();
        given().when().post("/blobs/" + referenced + "/references").then().statusCode(200);
        String released = uploadRandomBlob();
        given().when().post("/blobs/" + released + "/references").then().statusCode(200);
        given().when().delete("/blobs/" + released + "/references").then().statusCode(200);

        assertTrue(collector.collectGarbage() >= 1);

        given().when().get("/blobs/" + released).then().statusCode(404);
        assertEquals(0, repository.count("sha256", released));
        assertEquals(0, objectsUnder(Blob.objectKey(released)));
        given().when().get("/blobs/" + referenced).then().statusCode(200);
        assertEquals(1, objectsUnder(Blob.objectKey(referenced)));
    }

    @Test
    void shouldStoreAgainBytesUploadedAfterCollection() {
        byte[] bytes = randomBytes();
        String sha256 = upload(bytes, 201);
        collector.collectGarbage();
        given().when().get("/blobs/" + sha256).then().statusCode(404);

        upload(bytes, 201);

        given().when().get("/blobs/" + sha256).then().statusCode(200);
        assertEquals(1, objectsUnder(Blob.objectKey(sha256)));
    }

    /**
     * An upload cut off between its two steps (written under the temporary prefix, never copied to its content key)
     * leaves an object the sweep deletes once it is old enough, and not before; content keys are never touched.
     */
    @Test
    void shouldSweepTemporaryObjectsOfUnfinishedUploads() throws Exception {
        String kept = uploadRandomBlob();
        String leftover = Blob.temporaryKey(java.util.UUID.randomUUID());
        byte[] bytes = randomBytes();
        client.putObject(io.minio.PutObjectArgs.builder().bucket(storage.bucket()).object(leftover)
                .stream(new java.io.ByteArrayInputStream(bytes), bytes.length, -1).build());

        assertEquals(0, collector.sweepTemporaryObjects(java.time.Duration.ofHours(1)), "a young one is kept");
        assertEquals(1, objectsUnder(leftover));

        assertEquals(1, collector.sweepTemporaryObjects(java.time.Duration.ZERO.minusSeconds(60)));
        assertEquals(0, objectsUnder(leftover));
        assertEquals(1, objectsUnder(Blob.objectKey(kept)), "content keys are not the sweep's");
    }

    private String uploadRandomBlob() {
        return upload(randomBytes(), 201);
    }

    private static String upload(byte[] bytes, int expectedStatus) {
        return given().contentType("application/octet-stream").body(bytes).when().put("/blobs")
                .then().statusCode(expectedStatus).extract().path("sha256");
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[10_000];
        new Random().nextBytes(bytes);
        return bytes;
    }

    private long objectsUnder(String key) {
        var objects = client.listObjects(ListObjectsArgs.builder().bucket(storage.bucket()).prefix(key)
                .recursive(true).build());
        return StreamSupport.stream(objects.spliterator(), false).count();
    }
}
