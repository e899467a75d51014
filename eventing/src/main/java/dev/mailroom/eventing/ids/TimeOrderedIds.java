package dev.mailroom.eventing.ids;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * New record and event ids as UUID version 7 (RFC 9562): a millisecond timestamp first, then a counter and random
 * bits. Ids that grow with time keep primary-key index inserts at the right edge of the B-tree (a random id dirties a
 * random leaf page per row), and make the key order (the default order of every collection and the tie-break of
 * keyset paging) the order rows were created in, even within one request (an email's parties keep the order the
 * client gave). Event ids become the inbox's keys in the consuming service ({@code processed_event}), so the same
 * holds there.
 */
public final class TimeOrderedIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * One digest per thread: {@code getInstance} looks the provider up on every call, which a router pays once per
     * status report it publishes.
     */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    });
    private static long lastMillis;
    private static long counter;

    private TimeOrderedIds() {
    }

    public static synchronized UUID next() {
        long millis = System.currentTimeMillis();
        if (millis <= lastMillis) {
            counter++;
            if (counter > 0xFFF) {
                lastMillis++;
                counter = 0;
            }
            millis = lastMillis;
        } else {
            lastMillis = millis;
            counter = 0;
        }
        long high = (millis << 16) | 0x7000L | counter;
        long low = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }

    /**
     * The same version 7 layout, with the bits after the timestamp taken from a hash of {@code name} instead of a
     * counter and chance: the one id of a fact that may be published more than once, each time from the record that
     * holds it (the router's report of an outcome, published again from its ledger row). Every publication carries
     * the same id, so consumers see a repeat, not a second event, and the id still grows with {@code at}.
     */
    public static UUID derived(Instant at, String name) {
        // digest() resets the thread's digest for its next id.
        byte[] hash = SHA_256.get().digest(name.getBytes(StandardCharsets.UTF_8));
        ByteBuffer bits = ByteBuffer.wrap(hash);
        long high = (at.toEpochMilli() << 16) | 0x7000L | (bits.getShort() & 0xFFFL);
        long low = (bits.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
