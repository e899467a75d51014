package dev.mailroom.activity.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.localstack.identity.LocalIdentity;
import dev.mailroom.localstack.testing.TestIdentity;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * A token verified once is not verified again on every request (VerifiedTokens in front of smallrye-jwt), yet the
 * cache never serves a token it did not verify, nor one past its expiry.
 */
@QuarkusTest
class TokenCacheTest {

    private static final String WHO_AM_I = "/api/data/v9.2/WhoAmI";

    @Inject
    VerifiedTokens tokens;

    @Test
    void shouldServeARepeatedTokenFromTheCache() {
        String token = freshToken(Duration.ofHours(1));
        call(token).statusCode(200);
        long before = tokens.hits();

        call(token).statusCode(200);

        assertEquals(before + 1, tokens.hits());
    }

    @Test
    void shouldNeverServeATokenWithAChangedSignatureFromTheCache() {
        String token = freshToken(Duration.ofHours(1));
        call(token).statusCode(200);
        call(token).statusCode(200);
        char last = token.charAt(token.length() - 2);
        String changed = token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A')
                + token.charAt(token.length() - 1);
        long before = tokens.hits();

        call(changed).statusCode(401);

        assertEquals(before, tokens.hits());
    }

    @Test
    void shouldVerifyATokenAgainOnceItHasExpired() throws InterruptedException {
        String token = freshToken(Duration.ofSeconds(3));
        call(token).statusCode(200);
        Thread.sleep(Duration.ofSeconds(4).toMillis());
        long before = tokens.hits();

        // Past its expiry the token is verified in full again (smallrye-jwt's clock skew decides the answer).
        call(token);

        assertEquals(before, tokens.hits());
    }

    private static String freshToken(Duration lifetime) {
        LocalIdentity identity = TestIdentity.identity();
        return identity.sign(identity.claims(LocalIdentity.ADMINISTRATOR_OBJECT_ID, LocalIdentity.ISSUER,
                LocalIdentity.AUDIENCE, Instant.now(), lifetime));
    }

    private static ValidatableResponse call(String token) {
        return given().noFilters().header("Authorization", "Bearer " + token).when().get(WHO_AM_I).then();
    }
}
