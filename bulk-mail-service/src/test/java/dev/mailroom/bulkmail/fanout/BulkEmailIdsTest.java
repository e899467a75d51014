package dev.mailroom.bulkmail.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

/** Ids derived from (job, recipient), and which addresses a bulk email may go to. */
class BulkEmailIdsTest {

    @Test
    void shouldDeriveTheSameEmailIdForTheSameJobAndRecipientOnly() {
        UUID job = UUID.randomUUID();
        UUID recipient = UUID.randomUUID();
        assertEquals(BulkEmailIds.email(job, recipient), BulkEmailIds.email(job, recipient));
        assertNotEquals(BulkEmailIds.email(job, recipient), BulkEmailIds.email(UUID.randomUUID(), recipient));
        assertNotEquals(BulkEmailIds.email(job, recipient), BulkEmailIds.email(job, UUID.randomUUID()));
        assertNotEquals(BulkEmailIds.event("created", job, recipient), BulkEmailIds.event("pending", job, recipient));
    }

    /**
     * Ids already in databases and topics were made by UUID.nameUUIDFromBytes: the hand-made digest must give every
     * one of them again, or a redelivered page of a running job would make second emails.
     */
    @Test
    void shouldDeriveExactlyTheIdsNameUuidFromBytesGaveOnEveryThread() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> checked = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                checked.add(threads.submit(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        UUID job = UUID.randomUUID();
                        UUID recipient = UUID.randomUUID();
                        assertEquals(nameBased("email", job, recipient), BulkEmailIds.email(job, recipient));
                        assertEquals(nameBased("created", job, recipient),
                                BulkEmailIds.event("created", job, recipient));
                        assertEquals(nameBased("pending", job, recipient),
                                BulkEmailIds.event("pending", job, recipient));
                    }
                    return 5_000;
                }));
            }
            for (Future<Integer> thread : checked) {
                assertEquals(5_000, thread.get());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * A recipient's three ids at once, from the thread's cached start of the name for its job: the same ids as ever,
     * also when one thread alternates between jobs (each switch must drop the other job's cached name start).
     */
    @Test
    void shouldGiveARecipientsThreeIdsAsNameUuidFromBytesDidWhileJobsAlternate() {
        List<UUID> jobs = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        for (int i = 0; i < 9_000; i++) {
            UUID job = jobs.get((i * 7 + i / 5) % jobs.size());
            UUID recipient = UUID.randomUUID();
            BulkEmailIds.RecipientIds ids = BulkEmailIds.of(job, recipient);
            assertEquals(nameBased("email", job, recipient), ids.email());
            assertEquals(nameBased("created", job, recipient), ids.created());
            assertEquals(nameBased("pending", job, recipient), ids.pending());
            // The single-id calls between them share the thread's digest and cache.
            assertEquals(nameBased("email", job, recipient), BulkEmailIds.email(job, recipient));
        }
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
