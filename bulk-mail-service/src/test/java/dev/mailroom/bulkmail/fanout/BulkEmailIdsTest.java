package dev.mailroom.bulkmail.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

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
