package dev.mailroom.bulkmail.fanout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Ids derived from (job, recipient): the same recipient of the same job is always the same email, and its events
 * the same events, so a redelivered page, a crash or a restart can never make a second email.
 * <p>
 * Each id is a name-based (version 3, MD5) UUID, the same value {@link UUID#nameUUIDFromBytes} gives for the same
 * name. It is computed here by hand because {@code nameUUIDFromBytes} looks the MD5 provider up again on every call,
 * which the fan-out's profile showed at three ids per recipient; each thread keeps one digest instead.
 */
public final class BulkEmailIds {

    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has MD5", e);
        }
    });

    private BulkEmailIds() {
    }

    public static UUID email(UUID jobId, UUID recipientId) {
        return named("email", jobId, recipientId);
    }

    static UUID event(String kind, UUID jobId, UUID recipientId) {
        return named(kind, jobId, recipientId);
    }

    private static UUID named(String kind, UUID jobId, UUID recipientId) {
        byte[] name = ("mailroom-bulk:" + kind + ":" + jobId + ":" + recipientId).getBytes(StandardCharsets.UTF_8);
        // digest() resets the digest, so the thread's next id starts from a clean state.
        byte[] hash = MD5.get().digest(name);
        hash[6] &= 0x0f; // version 3: name-based, MD5
        hash[6] |= 0x30;
        hash[8] &= 0x3f; // IETF variant
        hash[8] |= (byte) 0x80;
        return new UUID(bits(hash, 0), bits(hash, 8));
    }

    private static long bits(byte[] hash, int from) {
        long value = 0;
        for (int i = from; i < from + 8; i++) {
            value = (value << 8) | (hash[i] & 0xff);
        }
        return value;
    }
}
