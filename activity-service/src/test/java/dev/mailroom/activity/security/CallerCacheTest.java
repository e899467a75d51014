package dev.mailroom.activity.security;

import static dev.mailroom.activity.security.TestUsers.ROOT;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailroom.activity.security.TestUsers.User;
import dev.mailroom.localstack.testing.TestIdentity;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Callers are reused between requests (CallerCache), yet a change to a user, their roles or a role's privileges
 * reaches the next request within moments of its commit, far inside the cache's 30-second TTL, whoever made it.
 */
@QuarkusTest
class CallerCacheTest {

    /** How soon a committed change must be in force: the notice's trip, with room for a busy machine. */
    private static final Duration CHANGE_IN_FORCE = Duration.ofSeconds(10);

    @Inject
    DataSource dataSource;

    @Inject
    CallerCache cache;

    private TestUsers users;

    @BeforeEach
    void users() {
        users = new TestUsers(dataSource);
        // The listener connects at start; until then every request looks its caller up.
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            User probe = users.create(Map.of("prvReadActivity", 8));
            probe.request().get(ROOT + "emails?$top=1").then().statusCode(200);
            return cache.size() > 0;
        });
    }

    @Test
    void shouldLoseARevokedPrivilegeSoonAfterItsCommit() {
        User clerk = users.create(Map.of("prvReadActivity", 8));
        clerk.request().get(ROOT + "emails?$top=1").then().statusCode(200);
        clerk.request().get(ROOT + "emails?$top=1").then().statusCode(200);

        users.execute("DELETE FROM securityroleprivilege WHERE privilegename = 'prvReadActivity' AND roleid IN "
                + "(SELECT roleid FROM systemuserrole WHERE systemuserid = ?)", clerk.id());

        await().atMost(CHANGE_IN_FORCE).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                clerk.request().get(ROOT + "emails?$top=1").then().statusCode(403)
                        .body("error.code", equalTo("0x80040220")));
    }

    @Test
    void shouldLoseARoleAssignmentSoonAfterItsCommit() {
        User clerk = users.create(Map.of("prvReadActivity", 8));
        clerk.request().get(ROOT + "emails?$top=1").then().statusCode(200);

        users.execute("DELETE FROM systemuserrole WHERE systemuserid = ?", clerk.id());

        await().atMost(CHANGE_IN_FORCE).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                clerk.request().get(ROOT + "emails?$top=1").then().statusCode(403));
    }

    @Test
    void shouldRefuseAUserDisabledThroughTheWebApiAtOnce() {
        User clerk = users.create(Map.of("prvReadActivity", 8));
        clerk.request().get(ROOT + "emails?$top=1").then().statusCode(200);

        // As the administrator: the test suite's default request specification carries their token.
        given().contentType("application/json").body("{\"isdisabled\": true}")
                .patch(ROOT + "systemusers(" + clerk.id() + ")").then().statusCode(204);

        await().atMost(CHANGE_IN_FORCE).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                clerk.request().get(ROOT + "emails?$top=1").then().statusCode(401));
    }

    @Test
    void shouldKnowAUserBoundAfterTheirTokenWasRefused() {
        UUID objectId = UUID.randomUUID();
        String token = TestIdentity.tokenFor(objectId);
        User stranger = new User(null, objectId, token);
        stranger.request().get(ROOT + "emails?$top=1").then().statusCode(401);

        User member = users.create(Map.of("prvReadActivity", 8));
        users.execute("UPDATE systemuser SET azureactivedirectoryobjectid = ? WHERE systemuserid = ?", objectId,
                member.id());

        stranger.request().get(ROOT + "emails?$top=1").then().statusCode(200);
    }
}
