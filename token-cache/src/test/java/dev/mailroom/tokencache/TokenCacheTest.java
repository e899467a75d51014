package dev.mailroom.tokencache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import io.smallrye.jwt.auth.principal.ParseException;

/** The rules of the verified-token cache, on a clock the test moves (pure logic; the real parser is elsewhere). */
class TokenCacheTest {

    private static final Instant START = Instant.parse("2026-11-27T12:00:00Z");
    private static final String TOKEN = "header.claims.signature";

    private final MovableClock clock = new MovableClock();
    private final List<String> verified = new ArrayList<>();

    @Test
    void shouldServeARepeatedTokenWithoutVerifyingItAgain() throws ParseException {
        TokenCache tokens = tokens(Duration.ofMinutes(5));
        JsonWebToken first = tokens.verify(TOKEN, accepting(START.plusSeconds(3600)));
        JsonWebToken second = tokens.verify(TOKEN, accepting(START.plusSeconds(3600)));

        assertSame(first, second);
        assertEquals(List.of(TOKEN), verified);
        assertEquals(1, tokens.hits());
    }

    @Test
    void shouldVerifyATokenAgainOnceItHasExpired() throws ParseException {
        TokenCache tokens = tokens(Duration.ofMinutes(5));
        tokens.verify(TOKEN, accepting(START.plusSeconds(60)));
        clock.now = START.plusSeconds(60);

        assertThrows(ParseException.class, () -> tokens.verify(TOKEN, refusing()));
        assertEquals(0, tokens.hits());
    }

    @Test
    void shouldVerifyATokenAgainAfterTheLongestReuse() throws ParseException {
        TokenCache tokens = tokens(Duration.ofMinutes(5));
        tokens.verify(TOKEN, accepting(START.plusSeconds(3600)));
        clock.now = START.plus(Duration.ofMinutes(5));

        tokens.verify(TOKEN, accepting(START.plusSeconds(3600)));

        assertEquals(List.of(TOKEN, TOKEN), verified);
    }

    @Test
    void shouldNeverServeATokenWhoseSignatureDiffers() throws ParseException {
        TokenCache tokens = tokens(Duration.ofMinutes(5));
        tokens.verify(TOKEN, accepting(START.plusSeconds(3600)));

        assertThrows(ParseException.class, () -> tokens.verify("header.claims.signaturf", refusing()));
        assertThrows(ParseException.class, () -> tokens.verify("header.claimz.signature", refusing()));
        assertEquals(0, tokens.hits());
    }

    @Test
    void shouldKeepNothingOfATokenThatFailed() throws ParseException {
        TokenCache tokens = tokens(Duration.ofMinutes(5));
        assertThrows(ParseException.class, () -> tokens.verify(TOKEN, refusing()));

        tokens.verify(TOKEN, accepting(START.plusSeconds(3600)));

        assertEquals(List.of(TOKEN), verified);
        assertEquals(0, tokens.hits());
    }

    @Test
    void shouldKeepNothingWhenTurnedOff() throws ParseException {
        TokenCache tokens = tokens(Duration.ZERO);
        tokens.verify(TOKEN, accepting(START.plusSeconds(3600)));
        tokens.verify(TOKEN, accepting(START.plusSeconds(3600)));

        assertEquals(List.of(TOKEN, TOKEN), verified);
    }

    private TokenCache tokens(Duration maxAge) {
        return new TokenCache(maxAge, 100, clock);
    }

    private TokenCache.Verification accepting(Instant expiry) {
        return token -> {
            verified.add(token);
            return new Token(expiry.getEpochSecond());
        };
    }

    private static TokenCache.Verification refusing() {
        return token -> {
            throw new ParseException("refused");
        };
    }

    /** A verified token's claims as far as the cache reads them. */
    private record Token(long exp) implements JsonWebToken {

        @Override
        public String getName() {
            return "user";
        }

        @Override
        public Set<String> getClaimNames() {
            return Set.of("exp");
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String claimName) {
            return "exp".equals(claimName) ? (T) Long.valueOf(exp) : null;
        }
    }

    private static final class MovableClock extends Clock {

        Instant now = START;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
