package dev.mailroom.bulkmail;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.mailroom.localstack.testing.LocalStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** With its database and broker up, the service is ready and serves metrics and its OpenAPI document. */
@QuarkusTest
@WithTestResource(value = LocalStackResource.class,
        initArgs = @ResourceArg(name = "components", value = "kafka,postgres"))
class ServiceEndpointsTest {

    @Test
    void shouldBeReadyWithDatabaseAndKafka() {
        // The Kafka check answers within 2 s; on a loaded machine the first answer may come late, so readiness is
        // asserted once it has had the time a Kubernetes probe would give it.
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> given().when().get("/q/health/ready").statusCode() == 200);
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check", "Kafka cluster"));
    }

    @Test
    void shouldBeAlive() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void shouldServePrometheusMetrics() {
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void shouldServeOpenApi() {
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("openapi"));
    }
}
