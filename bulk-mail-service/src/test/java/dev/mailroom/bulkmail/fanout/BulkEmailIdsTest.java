package dev.mailroom.bulkmail.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

/** Ids derived from (job, recipient), their time-ordered layout, and which addresses a bulk email may go to. */
class BulkEmailIdsTest {

    private static final Instant STARTED = Instant.parse("2026-11-28T14:00:00.123456Z");

    @Test
    void shouldDeriveTheSameIdsForTheSameJobAndRecipientOnly() {
        UUID job = UUID.randomUUID();
        UUID recipient = UUID.randomUUID();
        BulkEmailIds.RecipientIds ids = BulkEmailIds.of(job, STARTED, 3, 17, recipient);
        assertEquals(ids, BulkEmailIds.of(job, STARTED, 3, 17, recipient));
        assertNotEquals(ids.email(), BulkEmailIds.of(UUID.randomUUID(), STARTED, 3, 17, recipient).email());
        assertNotEquals(ids.email(), BulkEmailIds.of(job, STARTED, 3, 17, UUID.randomUUID()).email());
        assertEquals(3, Set.of(ids.email(), ids.created(), ids.pending()).size());
    }

    /**
     * A redelivered page, a crash or a restarted instance: the page is fanned out again on another thread (a fresh
     * digest and cache, as in a new process) after that thread worked on other jobs, from the job's start as read
     * back from bulk_job (microseconds: only its milliseconds count), and must give every id of the first time.
     */
    @Test
    void shouldDeriveTheSameIdsAgainOnAnotherThreadAfterOtherJobs() throws Exception {
        UUID job = UUID.randomUUID();
        List<UUID> recipients = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            recipients.add(UUID.randomUUID());
        }
        List<BulkEmailIds.RecipientIds> first = fanOut(job, STARTED, recipients);
        ExecutorService threads = Executors.newSingleThreadExecutor();
        try {
            List<BulkEmailIds.RecipientIds> again = threads.submit(() -> {
                fanOut(UUID.randomUUID(), STARTED, recipients);
                return fanOut(job, STARTED.truncatedTo(ChronoUnit.MILLIS), recipients);
            }).get();
            assertEquals(first, again);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void shouldLayOutAVersion8IdFromTheJobsStartTheRecipientsOrderAndTheNameHash() {
        UUID job = UUID.randomUUID();
        UUID recipient = UUID.randomUUID();
        BulkEmailIds.RecipientIds ids = BulkEmailIds.of(job, STARTED, 5, 300, recipient);
        for (UUID id : List.of(ids.email(), ids.created(), ids.pending())) {
            assertEquals(8, id.version());
            assertEquals(2, id.variant());
            assertEquals(STARTED.toEpochMilli(), id.getMostSignificantBits() >>> 16, "the job's start, in ms");
        }
        long order = (5L << 12) | 300;
        assertEquals(order >>> 20, ids.email().getMostSignificantBits() & 0xFFF);
        assertEquals(order & 0xFFFFF, (ids.email().getLeastSignificantBits() >>> 42) & 0xFFFFF);
        long hash = (1L << 42) - 1;
        assertEquals(nameBased("email", job, recipient).getLeastSignificantBits() & hash,
                ids.email().getLeastSignificantBits() & hash);
        assertEquals(nameBased("created", job, recipient).getLeastSignificantBits() & hash,
                ids.created().getLeastSignificantBits() & hash);
        assertEquals(nameBased("pending", job, recipient).getLeastSignificantBits() & hash,
                ids.pending().getLeastSignificantBits() & hash);
    }

    /**
     * In the order a job's recipients are fanned out (page by page, position by position) each id sorts after the one
     * before as PostgreSQL compares uuids (byte by byte, unsigned), and a later job's ids after an earlier job's.
     */
    @Test
    void shouldOrderAJobsIdsAsItsRecipientsAreFannedOut() {
        UUID job = UUID.randomUUID();
        UUID previous = null;
        for (int page = 1; page <= 300; page++) {
            for (int position = 0; position < 500; position++) {
                UUID id = BulkEmailIds.of(job, STARTED, page, position, UUID.randomUUID()).email();
                if (previous != null) {
                    assertTrue(unsigned(previous, id) < 0, "page " + page + " position " + position);
                }
                previous = id;
            }
        }
        UUID later = BulkEmailIds.of(UUID.randomUUID(), STARTED.plusMillis(1), 1, 0, UUID.randomUUID()).email();
        assertTrue(unsigned(previous, later) < 0);
    }

    /** 150,000 recipients of one job, and of a second job started in the same millisecond: no id twice. */
    @Test
    void shouldGiveDistinctRecipientsAndJobsDistinctIds() {
        Set<UUID> seen = new HashSet<>();
        for (UUID job : List.of(UUID.randomUUID(), UUID.randomUUID())) {
            for (int page = 1; page <= 300; page++) {
                for (int position = 0; position < 500; position++) {
                    BulkEmailIds.RecipientIds ids = BulkEmailIds.of(job, STARTED, page, position, UUID.randomUUID());
                    assertTrue(seen.add(ids.email()) && seen.add(ids.created()) && seen.add(ids.pending()),
                            "page " + page + " position " + position);
                }
            }
        }
        assertEquals(2 * 3 * 150_000, seen.size());
    }

    private static List<BulkEmailIds.RecipientIds> fanOut(UUID job, Instant started, List<UUID> recipients) {
        List<BulkEmailIds.RecipientIds> ids = new ArrayList<>();
        for (int i = 0; i < recipients.size(); i++) {
            ids.add(BulkEmailIds.of(job, started, 1 + i / 500, i % 500, recipients.get(i)));
        }
        return ids;
    }

    private static int unsigned(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    private static UUID nameBased(String kind, UUID job, UUID recipient) {
        return UUID.nameUUIDFromBytes(("mailroom-bulk:" + kind + ":" + job + ":" + recipient)
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldAcceptOnlyOnePlainAddress() {
        assertTrue(PageFanOut.usable("ada@example.org"));
        assertFalse(PageFanOut.usable(null));
        assertFalse(PageFanOut.usable("ada"));
        assertFalse(PageFanOut.usable("ada@localhost"));
        assertFalse(PageFanOut.usable("ada@example.org, bob@example.org"));
        assertFalse(PageFanOut.usable("ada@example.org\r\nBcc: x@example.org"));
        assertFalse(PageFanOut.usable("Ada <ada@example.org>"));
        assertFalse(PageFanOut.usable("a".repeat(320) + "@example.org"));
    }
}
