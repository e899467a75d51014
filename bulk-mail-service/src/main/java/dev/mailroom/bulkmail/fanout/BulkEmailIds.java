package dev.mailroom.bulkmail.fanout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Ids derived from (job, recipient): the same recipient of the same job is always the same email, and its events
 * the same events, so a redelivered page, a crash or a restart can never make a second email. The ids of one job
 * also grow in the order its recipients are fanned out, so the B-tree inserts they cause (the email and
 * activityparty rows, the router's ledger, the inboxes) land on the few right-most leaf pages of each index instead
 * of a random page per row.
 * <p>
 * Layout (a version-8 UUID of RFC 9562, "custom": the bits are ours, only version and variant are fixed):
 * <pre>
 *  bits   0-47  the job's start (bulk_job.started_at, the request's time) in Unix milliseconds
 *  bits  48-51  version 8
 *  bits  52-63  the recipient's order within the job, its high 12 bits
 *  bits  64-65  variant (binary 10)
 *  bits  66-85  the recipient's order within the job, its low 20 bits
 *  bits 86-127  42 bits of the MD5 of "mailroom-bulk:" + kind + ":" + job + ":" + recipient
 * </pre>
 * The order is {@code page number << 12 | position in the page} (pages of up to 4,096 recipients, numbered from
 * 1 by the job's one pager and published once, so a page's number and its recipients' positions are part of the
 * page event and the same however often it is delivered). Every part comes from what is stored with the job or
 * carried by its page, nothing from the instance or the clock of the moment, so a crash, a redelivered page or a
 * restarted instance derives the same ids. Distinct recipients of a job have distinct positions; the hash keeps
 * two jobs started in the same millisecond apart, and the three kinds (the email, its EmailCreated, its
 * EmailPending) of one recipient. A page number beyond 2^20 or a position beyond 4,095 wraps around in its field:
 * the id is still deterministic, and distinct by its hash, only no longer in order.
 * <p>
 * Not version 7: a v7 id's time is the moment it is made, which differs between two deliveries of one page. A
 * recipient listed twice gets one email whatever its ids: {@link RecipientClaims} claims (job, recipient) once.
 * <p>
 * The MD5 is computed here by hand because {@code nameUUIDFromBytes} looks the MD5 provider up again on every call
 * and needs the whole name as one string, which the fan-out's profile showed at three ids per recipient: each thread
 * keeps one digest and the UTF-8 bytes of the name's start for the job it is working on, and a recipient's own part
 * is made once for its three ids.
 */
public final class BulkEmailIds {

    /** Bits of a recipient's position within its page. */
    static final int POSITION_BITS = 12;
    private static final long HASH_MASK = (1L << 42) - 1;

    private static final ThreadLocal<Digests> DIGESTS = ThreadLocal.withInitial(Digests::new);

    private BulkEmailIds() {
    }

    /** The three ids of one recipient of a job: its email, and its EmailCreated and EmailPending events. */
    public record RecipientIds(UUID email, UUID created, UUID pending) {
    }

    /**
     * @param jobStarted when the job was requested, as stored with the job
     * @param pageNumber the page's number within the job (from 1)
     * @param position the recipient's first position within the page (from 0)
     */
    public static RecipientIds of(UUID jobId, Instant jobStarted, int pageNumber, int position, UUID recipientId) {
        Digests digests = DIGESTS.get();
        byte[] recipient = recipientId.toString().getBytes(StandardCharsets.US_ASCII);
        long millis = jobStarted.toEpochMilli();
        long order = order(pageNumber, position);
        return new RecipientIds(digests.named("email", jobId, millis, order, recipient),
                digests.named("created", jobId, millis, order, recipient),
                digests.named("pending", jobId, millis, order, recipient));
    }

    static long order(int pageNumber, int position) {
        return ((pageNumber & 0xFFFFFL) << POSITION_BITS) | (position & ((1L << POSITION_BITS) - 1));
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

        UUID named(String kind, UUID jobId, long millis, long order, byte[] recipient) {
            if (!jobId.equals(job)) {
                prefixes.clear();
                job = jobId;
            }
            byte[] prefix = prefixes.computeIfAbsent(kind,
                    k -> ("mailroom-bulk:" + k + ":" + jobId + ":").getBytes(StandardCharsets.UTF_8));
            md5.update(prefix);
            // digest() resets the digest, so the thread's next id starts from a clean state.
            byte[] hash = md5.digest(recipient);
            long high = ((millis & 0xFFFF_FFFF_FFFFL) << 16) | 0x8000L | ((order >>> 20) & 0xFFFL);
            long low = 0x8000_0000_0000_0000L | ((order & 0xFFFFFL) << 42) | (bits(hash, 8) & HASH_MASK);
            return new UUID(high, low);
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
