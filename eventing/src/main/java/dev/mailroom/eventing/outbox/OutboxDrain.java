package dev.mailroom.eventing.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One relay pass over a schema's outbox, in one local transaction that holds the schema's relay lock: publish rows in
 * id order, then delete what Kafka acknowledged, dead-letter what it refused for good, and keep the rest.
 * <p>
 * A pass is pipelined: it reads and sends up to {@code batchesPerPass} batches, with up to {@code inFlightBatches}
 * of them waiting for the broker's answers at once, so the next batch is read back and handed to the producer while
 * the previous batch's acknowledgements come back. Batches are settled in the order they were sent; from the first
 * row Kafka did not acknowledge on, nothing more is read and no row is deleted (the pass ends, and the rows are sent
 * again in order by a later pass), so per key a row never leaves the outbox ahead of an earlier one.
 * <p>
 * Priority topics (the lane) are read before the others, each in id order, so a few control events (a bulk job's
 * pages, which feed every instance's fan-out) never queue behind thousands of events of other topics. Kafka orders
 * records per partition of one topic only, so reordering across topics keeps every ordering a consumer can rely on.
 */
public class OutboxDrain {

    private static final Logger LOG = Logger.getLogger(OutboxDrain.class);

    private final DataSource dataSource;
    private final OutboxPublisher publisher;
    private final int batchSize;
    private final int inFlightBatches;
    private final int batchesPerPass;
    private final List<String> laneTopics;
    private final OutboxReadPositions positions;
    private final Counter published;
    private final Counter deadLettered;

    /** One batch per pass, nothing in flight between batches, no priority lane. */
    public OutboxDrain(DataSource dataSource, OutboxPublisher publisher, int batchSize, MeterRegistry meters) {
        this(dataSource, publisher, batchSize, 1, 1, List.of(), meters);
    }

    /** Re-scans every 250 ms from where the relay was 500 ms before, a full scan every 5 s. */
    public OutboxDrain(DataSource dataSource, OutboxPublisher publisher, int batchSize, int inFlightBatches,
            int batchesPerPass, List<String> laneTopics, MeterRegistry meters) {
        this(dataSource, publisher, batchSize, inFlightBatches, batchesPerPass, laneTopics,
                new OutboxReadPositions(Duration.ofMillis(500), Duration.ofSeconds(5), System::nanoTime), meters);
    }

    OutboxDrain(DataSource dataSource, OutboxPublisher publisher, int batchSize, int inFlightBatches,
            int batchesPerPass, List<String> laneTopics, OutboxReadPositions positions, MeterRegistry meters) {
        if (batchSize < 1 || inFlightBatches < 1 || batchesPerPass < 1) {
            throw new IllegalArgumentException("Outbox batch size, batches in flight and batches per pass must be "
                    + "at least 1");
        }
        this.dataSource = dataSource;
        this.publisher = publisher;
        this.batchSize = batchSize;
        this.inFlightBatches = inFlightBatches;
        this.batchesPerPass = batchesPerPass;
        this.laneTopics = List.copyOf(laneTopics);
        this.positions = positions;
        this.published = Counter.builder("mailroom.outbox.published")
                .description("Outbox events published to Kafka and acknowledged")
                .register(meters);
        this.deadLettered = Counter.builder("mailroom.outbox.dead.lettered")
                .description("Outbox events Kafka refused for good, moved to outbox_dead_letter")
                .register(meters);
    }

    /**
     * What one pass did; {@code kept} rows failed for now and wait for the next pass. {@code batch} is every row the
     * pass read: fewer than {@link #rowsPerPass()} means it reached the end of the outbox.
     */
    public record Pass(boolean locked, int batch, int published, int deadLettered, int kept) {
    }

    /** The most rows one pass reads: a pass that read this many stopped before the end of the outbox. */
    public int rowsPerPass() {
        return batchSize * batchesPerPass;
    }

    public Pass drainOnce() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                OutboxReadPositions.Plan plan = positions.plan();
                Reader reader = new Reader(new OutboxStore(connection), plan);
                Pass pass = drain(reader);
                connection.commit();
                if (pass.locked()) {
                    // Only a committed pass moves the positions: a rolled-back one deleted nothing.
                    positions.passEnded(plan, reader.settled, pass.batch() < rowsPerPass() && pass.kept() == 0);
                }
                published.increment(pass.published());
                deadLettered.increment(pass.deadLettered());
                return pass;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Outbox relay pass failed: " + e.getMessage(), e);
        }
    }

    private Pass drain(Reader reader) throws SQLException {
        OutboxStore store = reader.store;
        if (!store.beginPass()) {
            return new Pass(false, 0, 0, 0, 0);
        }
        Settler settler = new Settler(store, reader);
        Deque<OutboxPublisher.InFlight> inFlight = new ArrayDeque<>();
        int sent = 0;
        int read = 0;
        try {
            while (true) {
                while (!settler.pendingSeen && inFlight.size() < inFlightBatches && sent < batchesPerPass) {
                    List<OutboxEvent> rows = reader.next();
                    if (rows.isEmpty()) {
                        break;
                    }
                    read += rows.size();
                    sent++;
                    if (LOG.isDebugEnabled()) {
                        LOG.debugf("Outbox batch %d of the pass: ids %d-%d, %s", sent, rows.get(0).id,
                                rows.get(rows.size() - 1).id, topicCounts(rows));
                    }
                    inFlight.add(publisher.send(rows));
                }
                if (inFlight.isEmpty()) {
                    break;
                }
                settler.settle(inFlight.poll());
            }
        } finally {
            // A failure (the database away) leaves nothing waiting on the producer's answers unread.
            while (!inFlight.isEmpty()) {
                inFlight.poll().await();
            }
        }
        return new Pass(true, read, settler.acknowledged, settler.deadLetters, read - settler.acknowledged
                - settler.deadLetters);
    }

    private static Map<String, Integer> topicCounts(List<OutboxEvent> rows) {
        Map<String, Integer> counts = new HashMap<>();
        rows.forEach(row -> counts.merge(row.topic, 1, Integer::sum));
        return counts;
    }

    /**
     * The rows of a pass, each batch in lane-then-id order: first what each lane topic holds after its cursor, then
     * the other topics' rows after theirs, until the batch is full. A lane's few rows (a job's pages, its progress
     * reports) ride in a batch with the email events behind them instead of making batches of their own: a batch of
     * a handful of lane rows used to take one of the pass's batches and one of its round trips, and a pass of such
     * batches read fewer rows than a full pass, which the relay took for an outbox read to its end (and slept).
     * <p>
     * The cursors start where {@link OutboxReadPositions} says (where the last pass ended, a look-back before, or 0);
     * {@code settled} follows, per cursor, the last row removed in an unbroken run from that start, which is where
     * the next pass may carry on.
     */
    private final class Reader {

        private final OutboxStore store;
        private final Map<String, Long> laneAfter = new HashMap<>();
        private final Map<String, Long> settled = new HashMap<>();
        private long after;

        Reader(OutboxStore store, OutboxReadPositions.Plan plan) {
            this.store = store;
            for (String topic : laneTopics) {
                laneAfter.put(topic, plan.start(topic));
            }
            after = plan.start(OutboxReadPositions.OTHERS);
            settled.putAll(laneAfter);
            settled.put(OutboxReadPositions.OTHERS, after);
        }

        List<OutboxEvent> next() throws SQLException {
            List<OutboxEvent> rows = new ArrayList<>();
            for (String topic : laneTopics) {
                if (rows.size() == batchSize) {
                    return rows;
                }
                List<OutboxEvent> lane = store.readTopicAfter(topic, laneAfter.get(topic), batchSize - rows.size());
                if (!lane.isEmpty()) {
                    laneAfter.put(topic, lane.get(lane.size() - 1).id);
                    rows.addAll(lane);
                }
            }
            if (rows.size() == batchSize) {
                return rows;
            }
            List<OutboxEvent> others = store.readAfter(after, batchSize - rows.size(), laneTopics);
            if (!others.isEmpty()) {
                after = others.get(others.size() - 1).id;
                rows.addAll(others);
            }
            return rows;
        }

        /** A row left the outbox (published or dead-lettered) with every row sent before it in the pass. */
        void removed(OutboxEvent row) {
            settled.put(laneTopics.contains(row.topic) ? row.topic : OutboxReadPositions.OTHERS, row.id);
        }
    }

    /** Reads each batch's answers in send order and applies them to the outbox. */
    private static final class Settler {

        private final OutboxStore store;
        private final Reader reader;
        private boolean pendingSeen;
        private int acknowledged;
        private int deadLetters;

        Settler(OutboxStore store, Reader reader) {
            this.store = store;
            this.reader = reader;
        }

        void settle(OutboxPublisher.InFlight batch) throws SQLException {
            // Only acknowledged rows before the first pending one are deleted: a later row of the same key must not
            // leave the outbox ahead of an earlier one that will be sent again.
            List<OutboxEvent> deletable = new ArrayList<>();
            for (Delivery delivery : batch.await()) {
                if (delivery.isRefused()) {
                    LOG.errorf("Kafka refused outbox event %s (%s, topic %s, key %s); moved to outbox_dead_letter: "
                            + "%s", delivery.row().eventId, delivery.row().eventType, delivery.row().topic,
                            delivery.row().messageKey, delivery.reason());
                    store.deadLetter(delivery.row().id, delivery.reason());
                    deadLetters++;
                    if (!pendingSeen) {
                        reader.removed(delivery.row());
                    }
                } else if (delivery.isPending()) {
                    if (!pendingSeen) {
                        LOG.warnf("Kafka did not acknowledge outbox event %s, keeping it: %s",
                                delivery.row().eventId, delivery.reason());
                    }
                    pendingSeen = true;
                } else if (!pendingSeen) {
                    deletable.add(delivery.row());
                    reader.removed(delivery.row());
                }
            }
            int deleted = store.delete(deletable);
            if (deleted != deletable.size()) {
                LOG.warnf("Outbox relay deleted %d of %d acknowledged rows; the rest stay and are sent again",
                        deleted, deletable.size());
            }
            acknowledged += deletable.size();
        }
    }
}
