package dev.mailroom.eventing.outbox;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Where a relay's reads start, kept from one pass to the next: one position for the read of every topic outside the
 * priority lane ({@link #OTHERS}) and one per lane topic, each the id of the last row the relay published (or
 * dead-lettered) in an unbroken run from where its pass started.
 * <p>
 * Why not start every pass at id 0: the rows before the position were deleted by earlier passes, but their index
 * entries stay until vacuum, and while any other transaction of the database is open they cannot even be marked dead
 * for later scans, so a read from 0 walks them all and visits their heap pages, pass after pass (390 blocks for a read
 * of 7 rows in the bulk-mail benchmark).
 * <p>
 * Why a position alone is not enough: ids come from a sequence when a row is inserted, not when its transaction
 * commits, so a transaction can commit a row with a lower id after a pass has read past it (a bulk page's long
 * {@code COPY} while a shorter transaction commits after it). Two bounded re-reads cover that:
 * <ul>
 * <li>a <em>re-scan</em> every half of {@code lookBack}: the pass starts at the position the relay had reached
 * {@code lookBack} ago, so a row that commits up to half the look-back after rows above it were read is published by
 * the next re-scan. Only every half look-back, not every pass: a pass that restarts behind walks the index entries of
 * everything published since, which is the cost the position saves;</li>
 * <li>a <em>full scan</em> from 0 at the first pass and every {@code fullScan}: a row that commits later still (a
 * transaction held open for seconds) is published at worst one full-scan interval late, never lost.</li>
 * </ul>
 * A pass that keeps rows (Kafka did not acknowledge one) ends each position at the last row it removed before the
 * first kept row, and lowers every older position remembered for re-scans to it as well, so every later pass starts at
 * or before the kept rows and sends them again in id order (a re-scan or full scan that stops at its row limit does the
 * same, so the passes after it finish the range). Each relay instance keeps its own positions: a row another
 * instance published is simply gone; a position behind one that the other instance reached costs a walk, never a row.
 * <p>
 * Not thread-safe: one relay thread runs the passes of one drain.
 */
final class OutboxReadPositions {

    /** The key of the read of every topic outside the lane (Kafka topic names are never empty). */
    static final String OTHERS = "";

    enum Scan {
        /** From each position as the last pass left it. */
        CONTINUE,
        /** From the positions reached a look-back ago. */
        RESCAN,
        /** From id 0. */
        FULL
    }

    /** Where a pass starts; a position missing from {@code starts} is 0. */
    record Plan(Scan scan, Map<String, Long> starts) {

        long start(String key) {
            return starts.getOrDefault(key, 0L);
        }
    }

    /** The positions as a committed pass left them, at that time (nanoTime). */
    private record Mark(long at, Map<String, Long> positions) {
    }

    private final long lookBackNanos;
    private final long fullScanNanos;
    private final LongSupplier clock;
    private final Map<String, Long> positions = new HashMap<>();
    /** Oldest first; the oldest is the newest mark at least a look-back old, the rest are younger. */
    private final Deque<Mark> marks = new ArrayDeque<>();
    private boolean scanned;
    private long lastFullScan;
    private long lastRescan;

    OutboxReadPositions(Duration lookBack, Duration fullScan, LongSupplier clock) {
        if (lookBack.isNegative() || fullScan.isNegative()) {
            throw new IllegalArgumentException("Outbox look-back and full-scan interval must not be negative");
        }
        this.lookBackNanos = lookBack.toNanos();
        this.fullScanNanos = fullScan.toNanos();
        this.clock = clock;
    }

    /** Where a pass beginning now starts. Nothing changes until {@link #passEnded} records the pass. */
    Plan plan() {
        long now = clock.getAsLong();
        if (!scanned || now - lastFullScan >= fullScanNanos) {
            return new Plan(Scan.FULL, Map.of());
        }
        if (now - lastRescan >= lookBackNanos / 2) {
            Mark reached = reachedBy(now - lookBackNanos);
            return new Plan(Scan.RESCAN, reached == null ? Map.of() : Map.copyOf(reached.positions()));
        }
        return new Plan(Scan.CONTINUE, Map.copyOf(positions));
    }

    /**
     * Records a committed pass of {@code plan}: {@code settled} holds, per read, the last id removed from the outbox
     * in an unbroken run from the plan's start (the start itself when none); {@code reachedEnd} says whether the pass
     * read every row there was, rather than stopping at its row limit or on a row Kafka did not acknowledge.
     */
    void passEnded(Plan plan, Map<String, Long> settled, boolean reachedEnd) {
        long now = clock.getAsLong();
        if (plan.scan() == Scan.FULL) {
            scanned = true;
            lastFullScan = now;
            lastRescan = now;
        } else if (plan.scan() == Scan.RESCAN) {
            lastRescan = now;
        }
        if (reachedEnd) {
            // Every row visible after the start was read: a re-scan or full scan that ended below the position
            // (the range above was already published) does not move it back.
            settled.forEach((key, id) -> positions.merge(key, id, Math::max));
        } else {
            // The pass stopped on a kept row, or at its row limit part-way through a re-scan or full scan: the next
            // passes carry on from where it stopped, so the kept rows are sent again in id order and the scan covers
            // the whole range. No re-scan may jump beyond that either, until a pass has gone past it.
            positions.putAll(settled);
            for (Mark mark : marks) {
                mark.positions().replaceAll((key, id) -> Math.min(id, settled.getOrDefault(key, id)));
            }
        }
        marks.addLast(new Mark(now, new HashMap<>(positions)));
    }

    /** The newest mark at least as old as {@code time}, dropping the older ones no re-scan needs any more. */
    private Mark reachedBy(long time) {
        while (marks.size() > 1) {
            Iterator<Mark> oldestFirst = marks.iterator();
            oldestFirst.next();
            if (oldestFirst.next().at() - time > 0) {
                break;
            }
            marks.removeFirst();
        }
        Mark oldest = marks.peekFirst();
        return oldest != null && oldest.at() - time <= 0 ? oldest : null;
    }
}
