package dev.mailroom.activity.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.mailroom.localstack.identity.LocalIdentity;
import dev.mailroom.localstack.testing.TestIdentity;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** Every Web API call needs a valid bearer token of a known user; anything else is Dataverse's 401. */
@QuarkusTest
class AuthenticationTest {

    private static final String WHO_AM_I = "/api/data/v9.2/WhoAmI";
    private static final UUID ADMIN_USER = UUID.fromString("6d61696c-726f-4f6d-8000-000000000002");

    @Test
    void shouldServeTheDefaultAdministratorToken() {
        given().when().get(WHO_AM_I).then().statusCode(200).body("UserId", equalTo(ADMIN_USER.toString()));
    }

    @Test
    void shouldRefuseARequestWithoutToken() {
        unauthorized(given().noFilters().when().get(WHO_AM_I).then())
                .header("WWW-Authenticate", containsString("Bearer"));
        unauthorized(given().noFilters().when().get("/api/data/v9.2/$metadata").then());
        unauthorized(given().noFilters().contentType("application/json").body("{\"subject\":\"x\"}")
                .when().post("/api/data/v9.2/emails").then());
    }

    @Test
    void shouldRefuseAnExpiredToken() {
        LocalIdentity identity = TestIdentity.identity();
        String expired = identity.sign(identity.claims(LocalIdentity.ADMINISTRATOR_OBJECT_ID, LocalIdentity.ISSUER,
                LocalIdentity.AUDIENCE, Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1)));
        unauthorized(withToken(expired)).header("WWW-Authenticate", containsString("invalid_token"));
    }

    @Test
    void shouldRefuseATokenOfAnotherIssuer() {
        LocalIdentity identity = TestIdentity.identity();
        unauthorized(withToken(identity.sign(identity.claims(LocalIdentity.ADMINISTRATOR_OBJECT_ID,
                "https://evil.example.com", LocalIdentity.AUDIENCE, Instant.now(), Duration.ofHours(1)))));
    }

    @Test
    void shouldRefuseATokenForAnotherAudience() {
        LocalIdentity identity = TestIdentity.identity();
        unauthorized(withToken(identity.sign(identity.claims(LocalIdentity.ADMINISTRATOR_OBJECT_ID,
                LocalIdentity.ISSUER, List.of("some-other-api"), Instant.now(), Duration.ofHours(1)))));
    }

    @Test
    void shouldRefuseATokenSignedWithAnotherKey() throws Exception {
        LocalIdentity identity = TestIdentity.identity();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        Map<String, Object> claims = identity.claims(LocalIdentity.ADMINISTRATOR_OBJECT_ID, LocalIdentity.ISSUER,
                LocalIdentity.AUDIENCE, Instant.now(), Duration.ofHours(1));
        unauthorized(withToken(LocalIdentity.signWith(generator.generateKeyPair().getPrivate(), claims)));
    }

    @Test
    void shouldRefuseATamperedOrUnsignedToken() {
        String valid = TestIdentity.administratorToken();
        String[] parts = valid.split("\\.");
        String otherPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"iss\":\"" + LocalIdentity.ISSUER + "\",\"aud\":\"mailroom\",\"oid\":\"" + UUID.randomUUID()
                        + "\",\"exp\":" + (Instant.now().getEpochSecond() + 3600) + "}").getBytes());
        unauthorized(withToken(parts[0] + "." + otherPayload + "." + parts[2]));
        String none = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
        unauthorized(withToken(none + "." + parts[1] + "."));
        unauthorized(withToken("not-a-jwt"));
        unauthorized(given().noFilters().header("Authorization", "Basic YWRtaW46YWRtaW4=").when().get(WHO_AM_I)
                .then());
    }

    @Test
    void shouldRefuseAValidTokenOfNoUserOfTheOrganization() {
        unauthorized(withToken(TestIdentity.tokenFor(UUID.randomUUID())))
                .body("error.message", containsString("not a member of the organization"));
    }

    @Test
    void shouldKeepHealthAndMetricsOpenForProbes() {
        given().noFilters().when().get("/q/health/live").then().statusCode(200);
    }

    private static ValidatableResponse withToken(String token) {
        return given().noFilters().header("Authorization", "Bearer " + token).when().get(WHO_AM_I).then();
    }

    private static ValidatableResponse unauthorized(ValidatableResponse response) {
        return response.statusCode(401)
                .body("error.code", equalTo("0x80072560"))
                .body("error.message", not(containsString("Exception")))
                .body("error.message", not(containsString("jose4j")));
    }
}
