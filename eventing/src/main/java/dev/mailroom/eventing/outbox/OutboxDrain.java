package dev.mailroom.eventing.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One relay pass over a schema's outbox, in one local transaction that holds the schema's relay lock: publish a
 * batch in id order, then delete what Kafka acknowledged, dead-letter what it refused for good, and keep the rest.
 */
public class OutboxDrain {

    private static final Logger LOG = Logger.getLogger(OutboxDrain.class);

    private final DataSource dataSource;
    private final OutboxPublisher publisher;
    private final int batchSize;
    private final Counter published;
    private final Counter deadLettered;

    public OutboxDrain(DataSource dataSource, OutboxPublisher publisher, int batchSize, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.publisher = publisher;
        this.batchSize = batchSize;
        this.published = Counter.builder("mailroom.outbox.published")
                .description("Outbox events published to Kafka and acknowledged")
                .register(meters);
        this.deadLettered = Counter.builder("mailroom.outbox.dead.lettered")
                .description("Outbox events Kafka refused for good, moved to outbox_dead_letter")
                .register(meters);
    }

    /** What one pass did; {@code kept} rows failed for now and wait for the next pass. */
    public record Pass(boolean locked, int batch, int published, int deadLettered, int kept) {
    }

    public Pass drainOnce() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Pass pass = drain(new OutboxStore(connection));
                connection.commit();
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

    private Pass drain(OutboxStore store) throws SQLException {
        if (!store.tryLockRelay()) {
            return new Pass(false, 0, 0, 0, 0);
        }
        List<OutboxEvent> batch = store.readBatch(batchSize);
        if (batch.isEmpty()) {
            return new Pass(true, 0, 0, 0, 0);
        }
        List<Delivery> deliveries = publisher.publishAll(batch);
        // Only acknowledged rows before the first pending one are deleted: a later row of the same key must not
        // leave the outbox ahead of an earlier one that will be sent again.
        List<Long> acknowledged = new ArrayList<>();
        boolean pendingSeen = false;
        int deadLetters = 0;
        for (Delivery delivery : deliveries) {
            if (delivery.isRefused()) {
                LOG.errorf("Kafka refused outbox event %s (%s, topic %s, key %s); moved to outbox_dead_letter: %s",
                        delivery.row().eventId, delivery.row().eventType, delivery.row().topic,
                        delivery.row().messageKey, delivery.reason());
                store.deadLetter(delivery.row().id, delivery.reason());
                deadLetters++;
            } else if (delivery.isPending()) {
                if (!pendingSeen) {
                    LOG.warnf("Kafka did not acknowledge outbox event %s, keeping it: %s", delivery.row().eventId,
                            delivery.reason());
                }
                pendingSeen = true;
            } else if (!pendingSeen) {
                acknowledged.add(delivery.row().id);
            }
        }
        store.delete(acknowledged);
        return new Pass(true, batch.size(), acknowledged.size(), deadLetters,
                batch.size() - acknowledged.size() - deadLetters);
    }
}
