package dev.mailroom.attachment.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.attachment.security.VerifiedTokens;
import dev.mailroom.localstack.identity.LocalIdentity;
import dev.mailroom.localstack.testing.LocalStackResource;
import dev.mailroom.localstack.testing.TestIdentity;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * The blob API takes the same bearer tokens as the Web API, and only from Mailroom's services: no token or a bad
 * one is 401, a valid token of a user is 403, and a service's token is served. Probes stay open. A token verified
 * once is served from the cache (VerifiedTokens) on the next requests, yet the cache never serves a token it did
 * not verify, nor one past its expiry, and never spares the role check.
 */
@QuarkusTest
@WithTestResource(value = LocalStackResource.class,
        initArgs = @ResourceArg(name = "components", value = "kafka,postgres,s3"))
class BlobApiAuthenticationTest {

    private static final String ANY_BLOB = "/blobs/" + "0".repeat(64);

    @Inject
    VerifiedTokens tokens;

    @Test
    void shouldRefuseEveryOperationWithoutToken() {
        unauthorized(given().noFilters().when().get(ANY_BLOB).then())
                .header("WWW-Authenticate", containsString("Bearer"));
        unauthorized(given().noFilters().contentType("application/pdf").body(new byte[] {1, 2, 3})
                .when().put("/blobs").then());
        unauthorized(given().noFilters().contentType("application/json").body("{\"parts\":[]}")
                .when().post("/blobs/compose").then());
        unauthorized(given().noFilters().when().post(ANY_BLOB + "/references").then());
        unauthorized(given().noFilters().when().delete(ANY_BLOB + "/references").then());
    }

    @Test
    void shouldRefuseExpiredForeignAndForgedTokens() throws Exception {
        LocalIdentity identity = TestIdentity.identity();
        UUID service = LocalIdentity.SERVICES_OBJECT_ID;
        String expired = identity.sign(identity.claims(service, LocalIdentity.ISSUER, LocalIdentity.AUDIENCE,
                Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1)));
        String otherIssuer = identity.sign(identity.claims(service, "https://evil.example.com",
                LocalIdentity.AUDIENCE, Instant.now(), Duration.ofHours(1)));
        String otherAudience = identity.sign(identity.claims(service, LocalIdentity.ISSUER, List.of("another-api"),
                Instant.now(), Duration.ofHours(1)));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        Map<String, Object> claims = identity.claims(service, LocalIdentity.ISSUER, LocalIdentity.AUDIENCE,
                Instant.now(), Duration.ofHours(1));
        String otherKey = LocalIdentity.signWith(generator.generateKeyPair().getPrivate(), claims);
        for (String token : List.of(expired, otherIssuer, otherAudience, otherKey, "garbage")) {
            unauthorized(given().noFilters().header("Authorization", "Bearer " + token).when().get(ANY_BLOB).then())
                    .header("WWW-Authenticate", containsString("invalid_token"));
        }
    }

    @Test
    void shouldRefuseAValidTokenOfAUserThatIsNoService() {
        given().noFilters().header("Authorization", "Bearer " + TestIdentity.tokenFor(UUID.randomUUID()))
                .when().get(ANY_BLOB).then().statusCode(403).body("error", equalTo("Forbidden"));
    }

    @Test
    void shouldServeTheServicesToken() {
        String token = "Bearer " + TestIdentity.tokenFor(LocalIdentity.SERVICES_OBJECT_ID);
        byte[] bytes = BlobResourceTest.randomBytes(1000);
        String sha256 = BlobResourceTest.sha256(bytes);
        given().noFilters().header("Authorization", token).contentType("application/pdf").body(bytes)
                .when().put("/blobs").then().statusCode(201).body("sha256", equalTo(sha256));
        given().noFilters().header("Authorization", token).when().get("/blobs/" + sha256).then().statusCode(200);
        given().noFilters().when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void shouldServeARepeatedTokenFromTheCache() {
        String token = serviceToken(Duration.ofHours(1));
        read(token).statusCode(404);
        long before = tokens.hits();

        read(token).statusCode(404).body("error", equalTo("BlobNotFound"));

        assertEquals(before + 1, tokens.hits());
    }

    @Test
    void shouldNeverServeATokenWithAChangedSignatureFromTheCache() {
        String token = serviceToken(Duration.ofHours(1));
        read(token).statusCode(404);
        read(token).statusCode(404);
        char last = token.charAt(token.length() - 2);
        String changed = token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A')
                + token.charAt(token.length() - 1);
        long before = tokens.hits();

        unauthorized(read(changed));

        assertEquals(before, tokens.hits());
    }

    @Test
    void shouldVerifyATokenAgainOnceItHasExpired() throws InterruptedException {
        String token = serviceToken(Duration.ofSeconds(3));
        read(token).statusCode(404);
        Thread.sleep(Duration.ofSeconds(4).toMillis());
        long before = tokens.hits();

        // Past its expiry the token is verified in full again (smallrye-jwt's clock skew decides the answer).
        read(token);

        assertEquals(before, tokens.hits());
    }

    @Test
    void shouldRefuseACachedTokenOfAUserThatIsNoServiceEveryTime() {
        String token = TestIdentity.tokenFor(UUID.randomUUID());
        read(token).statusCode(403);
        long before = tokens.hits();

        read(token).statusCode(403).body("error", equalTo("Forbidden"));

        assertEquals(before + 1, tokens.hits());
    }

    private static String serviceToken(Duration lifetime) {
        LocalIdentity identity = TestIdentity.identity();
        return identity.sign(identity.claims(LocalIdentity.SERVICES_OBJECT_ID, LocalIdentity.ISSUER,
                LocalIdentity.AUDIENCE, Instant.now(), lifetime));
    }

    private static ValidatableResponse read(String token) {
        return given().noFilters().header("Authorization", "Bearer " + token).when().get(ANY_BLOB).then();
    }

    private static ValidatableResponse unauthorized(ValidatableResponse response) {
        return response.statusCode(401).body("error", equalTo("Unauthorized"))
                .body("message", containsString("token"));
    }
}
