package dev.mailroom.bulkmail;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Pointed at a database and a broker that do not answer, the service stays alive but is not ready. */
@QuarkusTest
@TestProfile(ReadinessWithoutInfrastructureTest.NothingReachable.class)
class ReadinessWithoutInfrastructureTest {

    @Test
    void shouldReportNotReadyWhenDatabaseAndKafkaAreUnreachable() {
        given().when().get("/q/health/ready").then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'Database connections health check' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'Kafka cluster' }.status", equalTo("DOWN"));
        given().when().get("/q/health/live").then().statusCode(200);
    }

    /** Port 1 on loopback: nothing listens there, so connections are refused at once. */
    public static class NothingReachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:1/mailroom",
                    "quarkus.datasource.username", "nobody",
                    "quarkus.datasource.password", "nothing",
                    "quarkus.flyway.migrate-at-start", "false",
                    "kafka.bootstrap.servers", "127.0.0.1:1",
                    "mailroom.outbox.enabled", "false");
        }
    }
}
