package dev.mailroom.eventing.ids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void shouldBeVersionSevenWithTheRfcVariantAndTheCurrentMillisecond() {
        long before = System.currentTimeMillis();
        UUID id = TimeOrderedIds.next();
        long after = System.currentTimeMillis();

        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        long millis = id.getMostSignificantBits() >>> 16;
        // The counter may borrow a millisecond ahead when more than 4,096 ids are made in one.
        assertTrue(millis >= before && millis <= after + 1, "timestamp " + millis + " outside " + before + "-" + after);
    }

    @Test
    void shouldGrowInTheOrderPostgresqlComparesUuidsEvenWithinOneMillisecond() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            ids.add(TimeOrderedIds.next());
        }

        Set<UUID> distinct = new HashSet<>(ids);
        assertEquals(ids.size(), distinct.size());
        for (int i = 1; i < ids.size(); i++) {
            // PostgreSQL orders uuids by their bytes, unsigned; the high half decides here (timestamp, counter).
            assertTrue(Long.compareUnsigned(ids.get(i - 1).getMostSignificantBits(),
                    ids.get(i).getMostSignificantBits()) < 0, ids.get(i - 1) + " then " + ids.get(i));
        }
    }

    @Test
    void shouldDeriveTheSameIdForTheSameFactAndAnotherForAnother() {
        Instant at = Instant.parse("2026-11-29T08:00:00.123Z");
        UUID id = TimeOrderedIds.derived(at, "sent:1");

        assertEquals(id, TimeOrderedIds.derived(at, "sent:1"), "published again, the same id");
        assertNotEquals(id, TimeOrderedIds.derived(at, "sent:2"));
        assertNotEquals(id, TimeOrderedIds.derived(at.plusMillis(1), "sent:1"));
        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        assertEquals(at.toEpochMilli(), id.getMostSignificantBits() >>> 16);
        assertTrue(Long.compareUnsigned(id.getMostSignificantBits(),
                TimeOrderedIds.derived(at.plusMillis(1), "a").getMostSignificantBits()) < 0, "grows with its time");
    }
}
