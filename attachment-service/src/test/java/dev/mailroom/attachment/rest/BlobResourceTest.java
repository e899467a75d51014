package dev.mailroom.attachment.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.attachment.Blob;
import dev.mailroom.attachment.config.BlobConfig;
import dev.mailroom.attachment.config.StorageConfig;
import dev.mailroom.attachment.repository.BlobRepository;
import dev.mailroom.localstack.identity.LocalIdentity;
import dev.mailroom.localstack.testing.LocalStackResource;
import dev.mailroom.localstack.testing.TestIdentity;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.specification.RequestSpecification;

/** The blob API against a real PostgreSQL and a real S3 server: round trips, dedupe, bad inputs. */
@QuarkusTest
@WithTestResource(value = LocalStackResource.class,
        initArgs = @ResourceArg(name = "components", value = "kafka,postgres,s3"))
class BlobResourceTest {

    private static final String DEFAULT_MIME_TYPE = "application/pdf";
    private static final int FIFTY_MB = 50 * 1000 * 1000;

    @Inject
    MinioClient client;

    @Inject
    StorageConfig storage;

    @Inject
    BlobConfig config;

    @Inject
    BlobRepository repository;

    @Test
    void shouldTimeRequestsWithoutASummaryPerBuffer() {
        byte[] bytes = randomBytes(300_000);
        given().contentType("application/pdf").body(bytes).when().put("/blobs").then().statusCode(201);
        given().when().get("/blobs/" + sha256(bytes)).then().statusCode(200);

        String metrics = given().noFilters().when().get("/q/metrics").then().statusCode(200).extract().asString();

        assertTrue(metrics.contains("http_server_requests_seconds_count"), "requests are still timed");
        assertTrue(!metrics.contains("http_server_bytes_read") && !metrics.contains("http_client_bytes_read")
                && !metrics.contains("http_server_bytes_written"), "no summary of every buffer read or written");
    }

    @Test
    void shouldDownloadTheBytesThatWereUploaded() throws Exception {
        byte[] bytes = randomBytes(1_000_000);
        String sha256 = sha256(bytes);

        upload().contentType(DEFAULT_MIME_TYPE).body(bytes)
                .when().put("/blobs")
                .then().statusCode(201)
                .header("Location", endsWith("/blobs/" + sha256))
                .body("sha256", equalTo(sha256)).body("size", equalTo(1_000_000))
                .body("mimeType", equalTo(DEFAULT_MIME_TYPE));

        var response = given().when().get("/blobs/" + sha256).then().statusCode(200)
                .contentType(DEFAULT_MIME_TYPE).header("Content-Length", "1000000").extract();
        assertEquals(sha256, sha256(response.asByteArray()));
    }

    @Test
    void shouldStoreIdenticalBytesOnce() {
        byte[] bytes = randomBytes(300_000);
        String sha256 = sha256(bytes);

        upload().contentType(DEFAULT_MIME_TYPE).body(bytes).when().put("/blobs").then().statusCode(201);
        upload().contentType("application/octet-stream").body(bytes).when().put("/blobs").then().statusCode(200)
                .body("sha256", equalTo(sha256)).body("mimeType", equalTo(DEFAULT_MIME_TYPE));

        assertEquals(1, repository.count("sha256", sha256));
        assertEquals(1, objectsUnder(Blob.objectKey(sha256)));
    }

    @Test
    void shouldStoreConcurrentIdenticalUploadsOnce() throws Exception {
        byte[] bytes = randomBytes(2_000_000);
        String sha256 = sha256(bytes);
        var pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                statuses.add(pool.submit(() -> upload().contentType(DEFAULT_MIME_TYPE).body(bytes)
                        .when().put("/blobs").then().extract().statusCode()));
            }
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                codes.add(status.get());
            }
            assertEquals(1, Collections.frequency(codes, 201), codes.toString());
            assertEquals(5, Collections.frequency(codes, 200), codes.toString());
        } finally {
            pool.shutdown();
        }
        assertEquals(1, repository.count("sha256", sha256));
        assertEquals(1, objectsUnder(Blob.objectKey(sha256)));
        assertEquals(sha256, sha256(given().when().get("/blobs/" + sha256).then().statusCode(200).extract()
                .asByteArray()));
    }

    @Test
    void shouldRoundTripFiftyMegabytes() throws Exception {
        byte[] bytes = randomBytes(FIFTY_MB);
        String sha256 = sha256(bytes);

        upload().contentType("video/mp4").body(bytes).when().put("/blobs").then().statusCode(201)
                .body("size", equalTo(FIFTY_MB));

        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(
                given().when().get("/blobs/" + sha256).then().statusCode(200).extract().asInputStream(), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        assertEquals(sha256, HexFormat.of().formatHex(digest.digest()));
    }

    /** HEAD answers a GET's headers from the row, slices included, and opens nothing. */
    @Test
    void shouldAnswerHeadWithTheHeadersOfADownload() {
        byte[] bytes = randomBytes(200_000);
        String sha256 = sha256(bytes);
        upload().contentType("image/png").body(bytes).when().put("/blobs").then().statusCode(201);

        given().when().head("/blobs/" + sha256).then().statusCode(200).header("Content-Type", "image/png")
                .header("Content-Length", "200000");
        given().queryParam("offset", 199_990).queryParam("length", 100).when().head("/blobs/" + sha256).then()
                .statusCode(200).header("Content-Length", "10");
        given().queryParam("offset", 200_000).when().head("/blobs/" + sha256).then().statusCode(400);
        given().when().head("/blobs/" + "0".repeat(64)).then().statusCode(404);
        given().when().head("/blobs/not-a-hash").then().statusCode(400);
        // The download after the HEADs is whole.
        assertEquals(sha256, sha256(given().when().get("/blobs/" + sha256).then().statusCode(200).extract()
                .asByteArray()));
    }

    @Test
    void shouldNotFindUnknownBlob() {
        given().when().get("/blobs/" + "0".repeat(64)).then().statusCode(404).body("error", equalTo("BlobNotFound"));
    }

    /**
     * A download asks S3 for the object while the row is looked up, but the row decides: an object left without a
     * row (a crash between the collector's two deletes) is not served, and the S3 connection it opened is dropped
     * without harm to the next download.
     */
    @Test
    void shouldNotServeAnObjectThatHasNoRow() throws Exception {
        byte[] orphan = randomBytes(3_000_000);
        String orphanSha = sha256(orphan);
        client.putObject(io.minio.PutObjectArgs.builder().bucket(storage.bucket()).object(Blob.objectKey(orphanSha))
                .stream(new java.io.ByteArrayInputStream(orphan), orphan.length, -1).build());
        byte[] stored = randomBytes(2_000_000);
        String storedSha = upload().contentType(DEFAULT_MIME_TYPE).body(stored).when().put("/blobs").then()
                .statusCode(201).extract().path("sha256");

        for (int i = 0; i < 3; i++) {
            given().when().get("/blobs/" + orphanSha).then().statusCode(404).body("error", equalTo("BlobNotFound"));
            var download = given().when().get("/blobs/" + storedSha).then().statusCode(200)
                    .header("Content-Type", DEFAULT_MIME_TYPE).extract();
            assertEquals(storedSha, sha256(download.asByteArray()), "the next download is whole");
        }
    }

    @Test
    void shouldRefuseMalformedHash() {
        given().when().get("/blobs/not-a-hash").then().statusCode(400).body("error", equalTo("InvalidBlob"));
        given().when().get("/blobs/" + "g".repeat(64)).then().statusCode(400);
    }

    @Test
    void shouldRefuseEmptyBody() {
        upload().contentType(DEFAULT_MIME_TYPE).body(new byte[0]).when().put("/blobs").then().statusCode(400)
                .body("error", equalTo("InvalidBlob"));
    }

    @Test
    void shouldRefuseOverlongMimeType() {
        upload().contentType("application/" + "x".repeat(250)).body(randomBytes(10)).when().put("/blobs")
                .then().statusCode(400).body("error", equalTo("InvalidBlob"));
    }

    @Test
    void shouldRefuseBodyOverTheLimitByOneByte() throws Exception {
        byte[] bytes = randomBytes((int) config.maxSize() + 1);

        upload().contentType(DEFAULT_MIME_TYPE).body(bytes).when().put("/blobs").then().statusCode(413)
                .body("error", equalTo("BlobTooLarge"));

        assertEquals(0, repository.count("sha256", sha256(bytes)));
        assertEquals(0, objectsUnder(Blob.objectKey(sha256(bytes))));
        assertEquals(0, objectsUnder(Blob.TEMPORARY_PREFIX), "no temporary object is left");
    }

    /** A chunked body has no length to check first: it is counted as it streams and refused on the byte over. */
    @Test
    void shouldRefuseAChunkedBodyOverTheLimit() throws Exception {
        byte[] bytes = randomBytes((int) config.maxSize() + 1);

        upload().contentType(DEFAULT_MIME_TYPE).body(new java.io.ByteArrayInputStream(bytes)).when().put("/blobs")
                .then().statusCode(413).body("error", equalTo("BlobTooLarge"));

        assertEquals(0, repository.count("sha256", sha256(bytes)));
        assertEquals(0, objectsUnder(Blob.objectKey(sha256(bytes))));
        assertEquals(0, objectsUnder(Blob.TEMPORARY_PREFIX), "no temporary object is left");
    }

    /** A chunked body under the limit is stored like any other (its length is found as it streams). */
    @Test
    void shouldStoreAChunkedBody() throws Exception {
        byte[] bytes = randomBytes(7_000_000);

        upload().contentType(DEFAULT_MIME_TYPE).body(new java.io.ByteArrayInputStream(bytes)).when().put("/blobs")
                .then().statusCode(201).body("sha256", equalTo(sha256(bytes))).body("size", equalTo(7_000_000));

        assertEquals(sha256(bytes), sha256(given().when().get("/blobs/" + sha256(bytes)).then().statusCode(200)
                .extract().asByteArray()));
    }

    /**
     * A declared Content-Length over the limit is refused before the body is read: only the headers and a few
     * bytes are sent, and the 413 must come back while the rest is still unsent (a server reading the body up to
     * the limit would wait for it instead). The connection is closed; nothing is stored.
     */
    @Test
    void shouldRefuseAnOversizedContentLengthBeforeReadingTheBody() throws Exception {
        long declared = config.maxSize() * 4;
        int port = RestAssured.port;
        long objectsBefore = objectsUnder("");
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /blobs HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + bearer()
                    + "\r\nContent-Type: application/pdf\r\nContent-Length: " + declared + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(randomBytes(1000));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(),
                    java.nio.charset.StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.contains("\"error\":\"BlobTooLarge\""), answer);
            assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("connection: close"), answer);
        }
        assertEquals(objectsBefore, objectsUnder(""), "nothing was stored");
        assertEquals(0, objectsUnder(Blob.TEMPORARY_PREFIX), "no temporary object is left");
    }

    /** The services' bearer token, as activity-service and router-service send it. */
    /**
     * A body larger than one part with its hash declared (Repr-Digest) goes to its content key in one multipart pass:
     * stored once, no temporary object, the same bytes again are 200 and still one object.
     */
    @Test
    void shouldStoreALargeBodyWithADeclaredDigestUnderItsContentKey() throws Exception {
        byte[] bytes = randomBytes(20_000_000);
        String sha256 = sha256(bytes);
        assertTrue(bytes.length > config.partSize(), "the body takes more than one part");

        upload().header("Repr-Digest", reprDigest(bytes)).contentType(DEFAULT_MIME_TYPE).body(bytes)
                .when().put("/blobs").then().statusCode(201).body("sha256", equalTo(sha256))
                .body("size", equalTo(20_000_000));
        upload().header("Repr-Digest", reprDigest(bytes)).contentType(DEFAULT_MIME_TYPE).body(bytes)
                .when().put("/blobs").then().statusCode(200).body("sha256", equalTo(sha256));

        assertEquals(1, repository.count("sha256", sha256));
        assertEquals(1, objectsUnder(Blob.objectKey(sha256)));
        assertEquals(0, objectsUnder(Blob.TEMPORARY_PREFIX), "no temporary object is left");
        var response = given().when().get("/blobs/" + sha256).then().statusCode(200).extract();
        assertEquals(sha256, sha256(response.asByteArray()));
    }

    /** A body whose bytes are not the ones its Repr-Digest declares is refused, small or large, and nothing stays. */
    @Test
    void shouldRefuseABodyThatDoesNotMatchItsDeclaredDigest() throws Exception {
        for (int size : new int[] {1_000_000, 20_000_000}) {
            byte[] bytes = randomBytes(size);
            String declared = reprDigest(randomBytes(10));

            upload().header("Repr-Digest", declared).contentType(DEFAULT_MIME_TYPE).body(bytes)
                    .when().put("/blobs").then().statusCode(400).body("error", equalTo("InvalidBlob"));

            assertEquals(0, repository.count("sha256", sha256(bytes)));
            assertEquals(0, objectsUnder(Blob.objectKey(sha256(bytes))));
        }
        assertEquals(0, objectsUnder(Blob.TEMPORARY_PREFIX), "no temporary object is left");
    }

    @Test
    void shouldRefuseAMalformedDeclaredDigest() {
        for (String header : new String[] {"sha-256=:not base64!:", "sha-256=:AAAA:", "sha-256=abc", "sha-256=:"}) {
            upload().header("Repr-Digest", header).contentType(DEFAULT_MIME_TYPE).body(new byte[] {1, 2, 3})
                    .when().put("/blobs").then().statusCode(400).body("error", equalTo("InvalidBlob"));
        }
        // Other algorithms are ignored (RFC 9530): the upload is stored as without the header.
        byte[] bytes = randomBytes(1000);
        upload().header("Repr-Digest", "sha-512=:AAAA:").contentType(DEFAULT_MIME_TYPE).body(bytes)
                .when().put("/blobs").then().statusCode(201).body("sha256", equalTo(sha256(bytes)));
    }

    private static String reprDigest(byte[] bytes) throws Exception {
        return "sha-256=:" + java.util.Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(bytes)) + ":";
    }

    private static String bearer() {
        return "Bearer " + TestIdentity.tokenFor(LocalIdentity.SERVICES_OBJECT_ID);
    }

    /** A request that sends Content-Type as given: REST Assured would otherwise append a charset to it. */
    static RequestSpecification upload() {
        return given().config(RestAssured.config().encoderConfig(
                EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)));
    }

    private long objectsUnder(String key) {
        var objects = client.listObjects(ListObjectsArgs.builder().bucket(storage.bucket()).prefix(key)
                .recursive(true).build());
        return StreamSupport.stream(objects.spliterator(), false).count();
    }

    static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random().nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
