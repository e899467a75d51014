package dev.mailroom.bulkmail.fanout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Ids derived from (job, recipient): the same recipient of the same job is always the same email, and its events
 * the same events, so a redelivered page, a crash or a restart can never make a second email.
 * <p>
 * Each id is a name-based (version 3, MD5) UUID of {@code "mailroom-bulk:" + kind + ":" + job + ":" + recipient}, the
 * same value {@link UUID#nameUUIDFromBytes} gives for that name. It is computed here by hand because
 * {@code nameUUIDFromBytes} looks the MD5 provider up again on every call and needs the whole name as one string,
 * which the fan-out's profile showed at three ids per recipient: each thread keeps one digest and the UTF-8 bytes of
 * the name's start for the job it is working on, and a recipient's own part is made once for its three ids.
 */
public final class BulkEmailIds {

    private static final ThreadLocal<Digests> DIGESTS = ThreadLocal.withInitial(Digests::new);

    private BulkEmailIds() {
    }

    /** The three ids of one recipient of a job: its email, and its EmailCreated and EmailPending events. */
    public record RecipientIds(UUID email, UUID created, UUID pending) {
    }

    public static RecipientIds of(UUID jobId, UUID recipientId) {
        Digests digests = DIGESTS.get();
        byte[] recipient = recipientId.toString().getBytes(StandardCharsets.US_ASCII);
        return new RecipientIds(digests.named("email", jobId, recipient), digests.named("created", jobId, recipient),
                digests.named("pending", jobId, recipient));
    }

    public static UUID email(UUID jobId, UUID recipientId) {
        return event("email", jobId, recipientId);
    }

    static UUID event(String kind, UUID jobId, UUID recipientId) {
        return DIGESTS.get().named(kind, jobId, recipientId.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** One thread's MD5 digest, and the name's start ({@code "mailroom-bulk:<kind>:<job>:"}) for its current job. */
    private static final class Digests {
        private final MessageDigest md5;
        private final Map<String, byte[]> prefixes = new HashMap<>();
        private UUID job;

        Digests() {
            try {
                md5 = MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("Every JDK has MD5", e);
            }
        }

        UUID named(String kind, UUID jobId, byte[] recipient) {
            if (!jobId.equals(job)) {
                prefixes.clear();
                job = jobId;
            }
            byte[] prefix = prefixes.computeIfAbsent(kind,
                    k -> ("mailroom-bulk:" + k + ":" + jobId + ":").getBytes(StandardCharsets.UTF_8));
            md5.update(prefix);
            // digest() resets the digest, so the thread's next id starts from a clean state.
            byte[] hash = md5.digest(recipient);
            hash[6] &= 0x0f; // version 3: name-based, MD5
            hash[6] |= 0x30;
            hash[8] &= 0x3f; // IETF variant
            hash[8] |= (byte) 0x80;
            return new UUID(bits(hash, 0), bits(hash, 8));
        }
    }

    private static long bits(byte[] hash, int from) {
        long value = 0;
        for (int i = from; i < from + 8; i++) {
            value = (value << 8) | (hash[i] & 0xff);
        }
        return value;
    }
}
