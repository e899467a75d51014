package dev.mailroom.attachment.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.mailroom.attachment.Blob;
import dev.mailroom.attachment.config.StorageConfig;
import dev.mailroom.attachment.repository.BlobRepository;
import dev.mailroom.attachment.storage.StreamedPut;
import dev.mailroom.localstack.identity.LocalIdentity;
import dev.mailroom.localstack.testing.LocalStackResource;
import dev.mailroom.localstack.testing.TestIdentity;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * A one-part upload whose hash is declared (Repr-Digest) and whose length is known goes to S3 while it arrives
 * (BlobService.uploadStreamed): against the real PostgreSQL and S3 server, what arrives whole and matching is stored
 * once; a mismatch, a client leaving mid-body, or the same bytes uploaded at once leave no extra object and no row.
 */
@QuarkusTest
@WithTestResource(value = LocalStackResource.class,
        initArgs = @ResourceArg(name = "components", value = "kafka,postgres,s3"))
class StreamedUploadTest {

    private static final String MIME_TYPE = "application/pdf";

    @Inject
    MinioClient client;

    @Inject
    StorageConfig storage;

    @Inject
    BlobRepository repository;

    @Test
    void shouldStoreAStreamedUploadOnceAndReadItBack() throws Exception {
        byte[] bytes = BlobResourceTest.randomBytes(1_000_000);
        String sha256 = BlobResourceTest.sha256(bytes);

        BlobResourceTest.upload().header("Repr-Digest", reprDigest(bytes)).contentType(MIME_TYPE).body(bytes)
                .when().put("/blobs").then().statusCode(201).body("sha256", equalTo(sha256))
                .body("size", equalTo(1_000_000)).body("mimeType", equalTo(MIME_TYPE));
        BlobResourceTest.upload().header("Repr-Digest", reprDigest(bytes)).contentType("text/plain").body(bytes)
                .when().put("/blobs").then().statusCode(200).body("mimeType", equalTo(MIME_TYPE));

        assertEquals(1, repository.count("sha256", sha256));
        assertEquals(1, objectsUnder(Blob.objectKey(sha256)));
        assertArrayEquals(bytes, given().when().get("/blobs/" + sha256).then().statusCode(200)
                .header("Content-Length", "1000000").extract().asByteArray());
    }

    /** The PUT was already on its way to the declared key: it is cut short, so neither key holds anything. */
    @Test
    void shouldRefuseAMismatchLeavingNothingUnderTheDeclaredKey() throws Exception {
        byte[] bytes = BlobResourceTest.randomBytes(1_000_000);
        byte[] declared = BlobResourceTest.randomBytes(1_000_000);

        BlobResourceTest.upload().header("Repr-Digest", reprDigest(declared)).contentType(MIME_TYPE).body(bytes)
                .when().put("/blobs").then().statusCode(400).body("error", equalTo("InvalidBlob"));

        for (byte[] content : List.of(bytes, declared)) {
            String sha256 = BlobResourceTest.sha256(content);
            assertEquals(0, repository.count("sha256", sha256));
            assertNoObjectAppears(Blob.objectKey(sha256));
        }
    }

    /** The client sends 40% of the body it announced, with the right hash, and goes away: nothing is stored. */
    @Test
    void shouldStoreNothingWhenTheClientLeavesMidBody() throws Exception {
        byte[] bytes = BlobResourceTest.randomBytes(1_000_000);
        String sha256 = BlobResourceTest.sha256(bytes);

        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /blobs HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + TestIdentity.tokenFor(LocalIdentity.SERVICES_OBJECT_ID) + "\r\nContent-Type: " + MIME_TYPE
                    + "\r\nRepr-Digest: " + reprDigest(bytes) + "\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes, 0, 400_000);
            out.flush();
        }

        // The service gives up on the body: no thread is left reading it or holding its PUT (the test runs in the
        // service's JVM, so its threads can be looked at).
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Thread.getAllStackTraces().values().stream()
                .flatMap(java.util.Arrays::stream)
                .noneMatch(frame -> frame.getClassName().startsWith(StreamedPut.class.getName())));
        assertNoObjectAppears(Blob.objectKey(sha256));
        assertEquals(0, repository.count("sha256", sha256), "no row either");

        BlobResourceTest.upload().header("Repr-Digest", reprDigest(bytes)).contentType(MIME_TYPE).body(bytes)
                .when().put("/blobs").then().statusCode(201);
        assertArrayEquals(bytes, given().when().get("/blobs/" + sha256).then().statusCode(200).extract()
                .asByteArray());
    }

    /**
     * Uploads of the same new bytes started together all stream to the same key; only the one that registers the row
     * sends its last buffer, the others cut theirs short: one 201, the rest 200, one row, one object, intact.
     */
    @Test
    void shouldStoreConcurrentStreamedUploadsOfTheSameBytesOnce() throws Exception {
        byte[] bytes = BlobResourceTest.randomBytes(2_000_000);
        String sha256 = BlobResourceTest.sha256(bytes);
        String digest = reprDigest(bytes);
        int uploads = 4;
        var start = new CyclicBarrier(uploads);
        var pool = Executors.newFixedThreadPool(uploads);
        List<Integer> codes = new ArrayList<>();
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < uploads; i++) {
                statuses.add(pool.submit(() -> {
                    start.await();
                    return BlobResourceTest.upload().header("Repr-Digest", digest).contentType(MIME_TYPE)
                            .body(bytes).when().put("/blobs").then().extract().statusCode();
                }));
            }
            for (Future<Integer> status : statuses) {
                codes.add(status.get());
            }
        } finally {
            pool.shutdown();
        }

        assertEquals(1, Collections.frequency(codes, 201), codes.toString());
        assertEquals(uploads - 1, Collections.frequency(codes, 200), codes.toString());
        assertEquals(1, repository.count("sha256", sha256));
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> objectsUnder(Blob.objectKey(sha256)) == 1);
        assertArrayEquals(bytes, given().when().get("/blobs/" + sha256).then().statusCode(200).extract()
                .asByteArray(), "the uploads cut short did not touch the stored object");
    }

    /** A PUT cut short can only show up late, if ever: watch the key for a while. */
    private void assertNoObjectAppears(String key) {
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> objectsUnder(key) == 0);
    }

    private long objectsUnder(String key) {
        var objects = client.listObjects(ListObjectsArgs.builder().bucket(storage.bucket()).prefix(key)
                .recursive(true).build());
        return StreamSupport.stream(objects.spliterator(), false).count();
    }

    static String reprDigest(byte[] bytes) throws Exception {
        return "sha-256=:" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes))
                + ":";
    }
}
