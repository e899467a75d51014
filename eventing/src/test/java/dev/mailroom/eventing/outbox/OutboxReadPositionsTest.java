package dev.mailroom.eventing.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.mailroom.eventing.outbox.OutboxReadPositions.Plan;
import dev.mailroom.eventing.outbox.OutboxReadPositions.Scan;

/** Where passes start, on a clock the test moves: full scans, re-scans a look-back behind, and kept rows. */
class OutboxReadPositionsTest {

    private static final String OTHERS = OutboxReadPositions.OTHERS;

    private final AtomicLong nanos = new AtomicLong();
    private final OutboxReadPositions positions = new OutboxReadPositions(Duration.ofMillis(500),
            Duration.ofSeconds(5), nanos::get);

    @Test
    void shouldScanFromZeroFirstThenCarryOnAndRescanFromALookBackAgoEveryHalfOfIt() {
        pass(0, Scan.FULL, 0, 10, true);
        pass(100, Scan.CONTINUE, 10, 20, true);
        pass(200, Scan.CONTINUE, 20, 30, true);
        // 250 ms after the full scan, a re-scan from where the relay was 500 ms before: no pass yet, so from 0.
        pass(300, Scan.RESCAN, 0, 30, true);
        pass(400, Scan.CONTINUE, 30, 40, true);
        // The newest mark at least 500 ms old is the pass that ended at 100 ms, at 20.
        pass(600, Scan.RESCAN, 20, 40, true);
        pass(700, Scan.CONTINUE, 40, 40, true);
        // 5 s after the last full scan, from 0 again.
        pass(5_000, Scan.FULL, 0, 40, true);
        pass(5_100, Scan.CONTINUE, 40, 40, true);
    }

    @Test
    void shouldNeverStartBeyondAKeptRowAgainUntilAPassHasPublishedIt() {
        pass(0, Scan.FULL, 0, 10, true);
        pass(100, Scan.CONTINUE, 10, 20, true);
        pass(200, Scan.CONTINUE, 20, 30, true);
        pass(300, Scan.RESCAN, 0, 30, true);
        pass(400, Scan.CONTINUE, 30, 30, true);
        // A re-scan from 20 finds a late row 25 that Kafka does not acknowledge: the pass keeps it.
        pass(600, Scan.RESCAN, 20, 20, false);
        pass(700, Scan.CONTINUE, 20, 20, false);
        // The mark of 400 ms said 30; lowered to 20 by the kept row, so the re-scan does not jump over it.
        pass(900, Scan.RESCAN, 20, 35, true);
        pass(1_000, Scan.CONTINUE, 35, 35, true);
    }

    @Test
    void shouldLetAFullScanThatStopsAtItsRowLimitBeFinishedByTheNextPasses() {
        pass(0, Scan.FULL, 0, 100, true);
        pass(100, Scan.CONTINUE, 100, 200, true);
        // The full scan reads a full pass up to 50 (more rows behind it): the next pass carries on from 50, not 200.
        pass(5_100, Scan.FULL, 0, 50, false);
        pass(5_200, Scan.CONTINUE, 50, 210, true);
    }

    private void pass(long atMillis, Scan scan, long start, long settled, boolean reachedEnd) {
        nanos.set(Duration.ofMillis(atMillis).toNanos());
        Plan plan = positions.plan();
        assertEquals(scan, plan.scan(), "scan at " + atMillis + " ms");
        assertEquals(start, plan.start(OTHERS), "start at " + atMillis + " ms");
        positions.passEnded(plan, Map.of(OTHERS, settled), reachedEnd);
    }
}
