package dev.mailroom.tokencache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** A verified token's claims are read from the underlying token once each (pure logic, on a counting token). */
class RememberedClaimsTest {

    private final CountingToken underlying = new CountingToken(Map.of("oid", "6d61696c-726f-4f6d-8000-00000000ad01",
            "sub", "someone", "exp", 1_900_000_000L));
    private final RememberedClaims token = new RememberedClaims(underlying);

    @Test
    void shouldReadEachClaimOnceAndAnswerTheSameValueAfterwards() {
        for (int i = 0; i < 3; i++) {
            assertEquals("6d61696c-726f-4f6d-8000-00000000ad01", token.getClaim("oid"));
            assertEquals("someone", token.getSubject());
        }

        assertEquals(Map.of("oid", 1, "sub", 1), underlying.reads);
    }

    @Test
    void shouldRememberAClaimTheTokenDoesNotHave() {
        assertNull(token.getClaim("tid"));
        assertNull(token.getClaim("tid"));

        assertEquals(Map.of("tid", 1), underlying.reads);
    }

    @Test
    void shouldAnswerNameClaimNamesAndExpiryAsTheTokenDoes() {
        assertEquals("someone", token.getName());
        assertEquals(Set.of("oid", "sub", "exp"), token.getClaimNames());
        assertEquals(1_900_000_000L, token.getExpirationTime());
    }

    /** A token that counts how often each claim is read. */
    private static final class CountingToken implements JsonWebToken {

        private final Map<String, Object> claims;
        private final Map<String, Integer> reads = new HashMap<>();

        CountingToken(Map<String, Object> claims) {
            this.claims = claims;
        }

        @Override
        public String getName() {
            return (String) claims.get("sub");
        }

        @Override
        public Set<String> getClaimNames() {
            return claims.keySet();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String claimName) {
            reads.merge(claimName, 1, Integer::sum);
            return (T) claims.get(claimName);
        }
    }
}
