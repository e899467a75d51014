package dev.mailroom.attachment.rest;

import static dev.mailroom.attachment.rest.BlobResourceTest.randomBytes;
import static dev.mailroom.attachment.rest.BlobResourceTest.sha256;
import static dev.mailroom.attachment.rest.BlobResourceTest.upload;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.time.Duration;
import java.util.Arrays;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.mailroom.localstack.testing.LocalStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Downloads of blobs that take many reads of the S3 connection (ObjectReader: Netty's read sizes, up to 64 KiB, into
 * direct buffers the writer releases), against the real PostgreSQL and S3 server: a blob comes back byte for byte,
 * whole and as slices that start and end inside a read; a client that goes away mid-download leaves no read buffer
 * behind and the service keeps serving.
 */
@QuarkusTest
@WithTestResource(value = LocalStackResource.class,
        initArgs = @ResourceArg(name = "components", value = "kafka,postgres,s3"))
class LargeReadsTest {

    // Not a multiple of any read size: the last read of a whole download is a short one.
    private static final int SIZE = 3 * 1024 * 1024 + 12_345;

    @TestHTTPResource("/")
    URL service;

    @Test
    void shouldServeABlobOfManyReadsByteForByteWholeAndSliced() {
        byte[] bytes = randomBytes(SIZE);
        String sha256 = sha256(bytes);
        upload().contentType("application/pdf").body(bytes).when().put("/blobs").then().statusCode(201);

        byte[] whole = given().when().get("/blobs/" + sha256).then().statusCode(200)
                .header("Content-Length", String.valueOf(SIZE)).extract().asByteArray();
        assertArrayEquals(bytes, whole);

        // Slices that start and end inside reads, one clipped to the blob's end.
        int[][] slices = {{262_143, 1_000_003}, {1, SIZE - 1}, {65_535, 2}, {SIZE - 70_000, 1_000_000}};
        for (int[] slice : slices) {
            int length = Math.min(slice[1], SIZE - slice[0]);
            byte[] got = given().queryParam("offset", slice[0]).queryParam("length", slice[1]).when()
                    .get("/blobs/" + sha256).then().statusCode(200)
                    .header("Content-Length", String.valueOf(length)).extract().asByteArray();
            assertArrayEquals(Arrays.copyOfRange(bytes, slice[0], slice[0] + length), got,
                    "slice from " + slice[0] + " of " + length);
        }
    }

    @Test
    void shouldFreeTheReadBuffersOfADownloadTheClientLeftAndKeepServing() throws Exception {
        byte[] big = randomBytes(20 * 1000 * 1000);
        String bigSha = sha256(big);
        upload().contentType("video/mp4").body(big).when().put("/blobs").then().statusCode(201);
        byte[] small = randomBytes(SIZE);
        String smallSha = sha256(small);
        upload().contentType("application/pdf").body(small).when().put("/blobs").then().statusCode(201);
        long baseline = directMemoryAfterCollection();

        // A client that reads the head and 100 KB of a 20 MB download, then closes its socket.
        LeavingClient.readAndLeave(service, bigSha, 100_000);

        // The buffers read for it and never written are freed (by release or by their cleaner once collected).
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(
                () -> directMemoryAfterCollection() <= baseline + 1024 * 1024);
        // And the service serves the next downloads whole.
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(small, given().when().get("/blobs/" + smallSha).then().statusCode(200)
                    .extract().asByteArray());
        }
        assertEquals(big.length, given().when().get("/blobs/" + bigSha).then().statusCode(200)
                .extract().asByteArray().length);
    }

    /** Bytes of the JVM's direct buffers with a cleaner (where S3's reads go) after a collection. */
    private static long directMemoryAfterCollection() {
        System.gc();
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    }
}
