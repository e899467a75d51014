package dev.mailroom.tokencache;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Bearer tokens this instance verified lately, so that a client sending the same token again does not pay a
 * signature check (an RSA verification, and parsing the claims) on every request. A token is kept only after a
 * full verification succeeded, keyed by the SHA-256 of the whole compact token (header, claims and signature: a
 * token whose signature or claims differ in any byte is another key, verified in full), and served only before
 * both its {@code exp} and {@code maxAge} after its verification. Nothing about a token that failed is kept.
 * Each service puts one in front of smallrye-jwt's parser (a CDI decorator of {@link JWTParser}) with its own
 * settings; a {@code maxAge} of zero turns the cache off.
 */
public class TokenCache {

    private final ConcurrentHashMap<Digest, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong hits = new AtomicLong();
    private final long maxAgeMillis;
    private final int maxEntries;
    private final Clock clock;

    public TokenCache(Duration maxAge, int maxEntries) {
        this(maxAge, maxEntries, Clock.systemUTC());
    }

    public TokenCache(Duration maxAge, int maxEntries, Clock clock) {
        this.maxAgeMillis = maxAge.toMillis();
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /** A full verification of a token: signature, issuer, audience, times. */
    @FunctionalInterface
    public interface Verification {
        JsonWebToken verify(String token) throws ParseException;
    }

    /**
     * The token as {@code parser} verifies it, from the cache while it may be; the token served reads each of its
     * claims once ({@link RememberedClaims}).
     */
    public JsonWebToken parse(String token, JWTParser parser) throws ParseException {
        return verify(token, raw -> new RememberedClaims(parser.parse(raw)));
    }

    /** The verified token, from the cache while it may be, otherwise from {@code verification}. */
    public JsonWebToken verify(String token, Verification verification) throws ParseException {
        if (maxAgeMillis <= 0 || token == null) {
            return verification.verify(token);
        }
        Digest key = Digest.of(token);
        long now = clock.millis();
        Entry entry = entries.get(key);
        if (entry != null && now < entry.servedUntil()) {
            hits.incrementAndGet();
            return entry.token();
        }
        if (entry != null) {
            entries.remove(key, entry);
        }
        JsonWebToken verified = verification.verify(token);
        long expiry = verified.getExpirationTime() * 1000L;
        long until = Math.min(expiry, now + maxAgeMillis);
        if (expiry > 0 && until > now) {
            if (entries.size() >= maxEntries) {
                entries.values().removeIf(old -> now >= old.servedUntil());
                if (entries.size() >= maxEntries) {
                    entries.clear();
                }
            }
            entries.put(key, new Entry(verified, until));
        }
        return verified;
    }

    /** How many requests were served a token verified before (a counter since start). */
    public long hits() {
        return hits.get();
    }

    private record Entry(JsonWebToken token, long servedUntil) {
    }

    /** The SHA-256 of a token: what is kept instead of the token itself. */
    private record Digest(long a, long b, long c, long d) {

        static Digest of(String token) {
            try {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
                ByteBuffer buffer = ByteBuffer.wrap(hash);
                return new Digest(buffer.getLong(), buffer.getLong(), buffer.getLong(), buffer.getLong());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every JDK", e);
            }
        }
    }
}
