package dev.mailroom.attachment.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.attachment.repository.BlobRepository;
import dev.mailroom.localstack.testing.LocalStackResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With the S3 endpoint pointing at a closed port: uploads answer 503, leave nothing, and readiness is DOWN. */
@QuarkusTest
@TestProfile(StorageDownTest.StorageDown.class)
@WithTestResource(value = LocalStackResource.class,
        initArgs = @ResourceArg(name = "components", value = "kafka,postgres"))
class StorageDownTest {

    /** Real database and broker, but an S3 endpoint where nothing listens. */
    public static class StorageDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("attachments.storage.endpoint", "http://127.0.0.1:1",
                    "attachments.storage.access-key", "nobody",
                    "attachments.storage.secret-key", "nobody-secret");
        }
    }

    @Inject
    BlobRepository repository;

    @Test
    void shouldRefuseUploadWith503AndLeaveNoRow() throws Exception {
        byte[] bytes = BlobResourceTest.randomBytes(200_000);

        BlobResourceTest.upload().contentType("application/pdf").body(bytes).when().put("/blobs")
                .then().statusCode(503).body("error", equalTo("StorageUnavailable"));

        assertEquals(0, repository.count("sha256", BlobResourceTest.sha256(bytes)));
    }

    @Test
    void shouldAnswer503WhenDownloadingWhileStorageIsDown() {
        String sha256 = "1".repeat(64);
        // The metadata says the blob exists; only the storage cannot deliver it.
        QuarkusTransaction.requiringNew().run(() -> repository.insertOrTouch(sha256, 3, "text/plain"));

        given().when().get("/blobs/" + sha256).then().statusCode(503).body("error", equalTo("StorageUnavailable"));
        given().when().get("/blobs/" + "2".repeat(64)).then().statusCode(404);
    }

    @Test
    void shouldNotBeReady() {
        given().when().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'Object storage' }.status", equalTo("DOWN"));
    }
}
