package dev.mailroom.activity.security;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import dev.mailroom.activity.security.TestUsers.User;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * Per-user service protection limits, low enough to reach in a test: one user's burst is refused with 429 and
 * Retry-After while another user is served, and what other instances report in the shared store counts too.
 */
@QuarkusTest
@TestProfile(ServiceProtectionTest.LowLimits.class)
class ServiceProtectionTest {

    private static final int REQUESTS = 30;
    private static final int CONCURRENT = 5;

    public static class LowLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("activity.security.limits.requests", String.valueOf(REQUESTS),
                    "activity.security.limits.execution-time", "60s",
                    "activity.security.limits.concurrent", String.valueOf(CONCURRENT),
                    "activity.security.limits.sync-interval", "200ms");
        }
    }

    @Inject
    DataSource dataSource;

    private User user() {
        return new TestUsers(dataSource).create(Map.of("prvReadActivity", 1));
    }

    @Test
    void shouldRefuseOneUsersBurstWithRetryAfterWhileAnotherIsServed() {
        User bursting = user();
        User other = user();
        List<Response> responses = new ArrayList<>();
        for (int i = 0; i < REQUESTS + 10; i++) {
            responses.add(bursting.request().get(TestUsers.ROOT + "WhoAmI"));
        }
        long served = responses.stream().filter(response -> response.statusCode() == 200).count();
        Response refused = responses.stream().filter(response -> response.statusCode() == 429).findFirst()
                .orElseThrow(() -> new AssertionError("no 429 among " + responses.size() + " requests"));
        assertEquals(REQUESTS, served, "requests served before the limit");
        assertEquals("0x80072322", refused.jsonPath().getString("error.code"));
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 310, "Retry-After " + retryAfter);
        other.request().get(TestUsers.ROOT + "WhoAmI").then().statusCode(200)
                .body("UserId", equalTo(other.id().toString()));
    }

    @Test
    void shouldCountWhatOtherInstancesServedFromTheSharedStore() {
        User user = user();
        user.request().get(TestUsers.ROOT + "WhoAmI").then().statusCode(200);
        // Another instance served this user's whole allowance a moment ago.
        new TestUsers(dataSource).execute("INSERT INTO servicelimit_bucket (systemuserid, bucketstart, requests, "
                + "executionms) VALUES (?, now(), ?, 0)", user.id(), (long) REQUESTS);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> user.request().get(TestUsers.ROOT + "WhoAmI")
                .then().statusCode(429).body("error.code", equalTo("0x80072322")));
    }

    @Test
    void shouldLimitCombinedExecutionTimeAcrossInstances() {
        User user = user();
        new TestUsers(dataSource).execute("INSERT INTO servicelimit_bucket (systemuserid, bucketstart, requests, "
                + "executionms) VALUES (?, now(), 1, ?)", user.id(), 61_000L);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> user.request().get(TestUsers.ROOT + "WhoAmI")
                .then().statusCode(429).body("error.code", equalTo("0x80072321"))
                .header("Retry-After", org.hamcrest.Matchers.matchesPattern("\\d+")));
    }

    @Test
    void shouldLimitConcurrentRequestsAcrossInstances() {
        User user = user();
        // Another instance has this user's whole concurrency allowance in flight.
        new TestUsers(dataSource).execute("INSERT INTO servicelimit_inflight (instanceid, systemuserid, inflight, "
                + "reportedon) VALUES (?, ?, ?, now() + interval '1 hour')", UUID.randomUUID(), user.id(), CONCURRENT);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> user.request().get(TestUsers.ROOT + "WhoAmI")
                .then().statusCode(429).body("error.code", equalTo("0x80072326")).header("Retry-After", "1"));
    }
}
