package dev.mailroom.attachment.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.localstack.testing.LocalStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;

/**
 * The service's sockets (its HTTP server and ObjectReader's HTTP client to S3, both on this Vert.x) use Netty's
 * native epoll transport on Linux, and a download through it, from the real S3 server, is byte for byte and ranged
 * as before.
 */
@QuarkusTest
@WithTestResource(value = LocalStackResource.class,
        initArgs = @ResourceArg(name = "components", value = "kafka,postgres,s3"))
class NativeTransportTest {

    @Inject
    Vertx vertx;

    @Test
    void shouldServeDownloadsOverTheNativeTransport() throws Exception {
        assertTrue(vertx.isNativeTransportEnabled(),
                "native transport not in use: " + vertx.unavailableNativeTransportCause());

        byte[] bytes = new byte[3_000_000];
        new Random(31).nextBytes(bytes);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        given().contentType("application/octet-stream").body(bytes).when().put("/blobs").then().statusCode(201);

        byte[] whole = given().when().get("/blobs/" + sha256).then().statusCode(200)
                .header("Content-Length", String.valueOf(bytes.length)).extract().asByteArray();
        assertArrayEquals(bytes, whole);
        byte[] slice = given().queryParam("offset", 1_234_567).queryParam("length", 1_000_000).when()
                .get("/blobs/" + sha256).then().statusCode(200).header("Content-Length", "1000000").extract()
                .asByteArray();
        assertArrayEquals(java.util.Arrays.copyOfRange(bytes, 1_234_567, 2_234_567), slice);
    }
}
