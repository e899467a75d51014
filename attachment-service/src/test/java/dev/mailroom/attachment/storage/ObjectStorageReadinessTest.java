package dev.mailroom.attachment.storage;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.mailroom.attachment.config.StorageConfig;
import dev.mailroom.localstack.testing.LocalStackResource;
import io.minio.BucketExistsArgs;
import io.minio.MinioClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Against a real S3 server (S3Proxy, SigV4): the bucket is created at start-up and readiness reports it. */
@QuarkusTest
@WithTestResource(value = LocalStackResource.class,
        initArgs = @ResourceArg(name = "components", value = "kafka,postgres,s3"))
class ObjectStorageReadinessTest {

    @Inject
    MinioClient client;

    @Inject
    StorageConfig config;

    @Test
    void shouldCreateBucketAtStartup() throws Exception {
        assertTrue(client.bucketExists(BucketExistsArgs.builder().bucket(config.bucket()).build()));
    }

    @Test
    void shouldBeReadyWithStorageDatabaseAndKafka() {
        // Each check answers within a bound of its own (2 s for Kafka); on a loaded machine the first answer may
        // come late, so readiness is asserted once it has had the time a Kubernetes probe would give it.
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> given().when().get("/q/health/ready").statusCode() == 200);
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Object storage", "Database connections health check",
                        "Kafka cluster"))
                .body("checks.find { it.name == 'Object storage' }.data.bucket", equalTo("mailroom-attachments"));
    }
}
