package dev.mailroom.attachment.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.attachment.config.StorageConfig;
import dev.mailroom.localstack.testing.LocalStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Downloads in redirect mode against the real S3 server: a whole blob is answered 307 to a presigned URL that the
 * caller reads from S3 itself (Range included), after the same checks as a proxied download; slices stay proxied.
 */
@QuarkusTest
@TestProfile(RedirectDownloadTest.RedirectMode.class)
@WithTestResource(value = LocalStackResource.class,
        initArgs = @ResourceArg(name = "components", value = "kafka,postgres,s3"))
class RedirectDownloadTest {

    /** The service answers whole-blob downloads with redirects whose URLs live 45 seconds. */
    public static class RedirectMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("attachments.downloads.mode", "redirect", "attachments.downloads.redirect-lifetime", "45s");
        }
    }

    private final HttpClient s3Caller = HttpClient.newHttpClient();

    @Inject
    StorageConfig storage;

    @Test
    void shouldRedirectToAPresignedUrlThatServesTheBytesAndRanges() throws Exception {
        byte[] bytes = BlobResourceTest.randomBytes(1_000_000);
        BlobResourceTest.upload().contentType("application/pdf").body(bytes).when().put("/blobs")
                .then().statusCode(201);

        var redirect = given().redirects().follow(false).when().get("/blobs/" + BlobResourceTest.sha256(bytes))
                .then().statusCode(307).header("Cache-Control", equalTo("no-store")).extract();
        URI location = URI.create(redirect.header("Location"));

        assertTrue(location.toString().startsWith(storage.endpoint()), "signed for the S3 endpoint: " + location);
        assertTrue(location.getQuery().contains("X-Amz-Expires=45"), "short-lived: " + location);
        HttpResponse<byte[]> whole = s3Caller.send(HttpRequest.newBuilder(location).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, whole.statusCode());
        assertArrayEquals(bytes, whole.body());
        HttpResponse<byte[]> range = s3Caller.send(HttpRequest.newBuilder(location)
                .header("Range", "bytes=1000-1999").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, range.statusCode());
        assertArrayEquals(Arrays.copyOfRange(bytes, 1000, 2000), range.body());
    }

    @Test
    void shouldStillProxyASlice() {
        byte[] bytes = BlobResourceTest.randomBytes(300_000);
        BlobResourceTest.upload().contentType("application/pdf").body(bytes).when().put("/blobs")
                .then().statusCode(201);

        byte[] slice = given().redirects().follow(false).when()
                .get("/blobs/" + BlobResourceTest.sha256(bytes) + "?offset=100&length=50")
                .then().statusCode(200).header("Location", nullValue()).extract().asByteArray();

        assertArrayEquals(Arrays.copyOfRange(bytes, 100, 150), slice);
    }

    @Test
    void shouldAnswer404WithoutALocationForAMissingBlob() {
        given().redirects().follow(false).when().get("/blobs/" + "3".repeat(64))
                .then().statusCode(404).header("Location", nullValue()).body("error", equalTo("BlobNotFound"));
    }

    @Test
    void shouldCheckTheCallerBeforeRedirecting() {
        byte[] bytes = BlobResourceTest.randomBytes(1000);
        BlobResourceTest.upload().contentType("application/pdf").body(bytes).when().put("/blobs")
                .then().statusCode(201);

        given().noFilters().redirects().follow(false).when().get("/blobs/" + BlobResourceTest.sha256(bytes))
                .then().statusCode(401).header("Location", nullValue());
    }
}
