package dev.mailroom.eventing.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.mailroom.eventing.EventingSchema;
import dev.mailroom.eventing.LocalStackExtension;
import dev.mailroom.localstack.StackAddresses;

/** The relay's delete by the address each row was read at, against the real database. */
@ExtendWith(LocalStackExtension.class)
class OutboxStoreTest {

    private EventingSchema schema;

    @BeforeEach
    void setUp(StackAddresses stack) {
        schema = new EventingSchema(stack, "store_" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Test
    void shouldDeleteExactlyTheRowsItReadAndWasGiven() throws SQLException {
        insertNumberedRows(5);
        try (Connection connection = schema.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            OutboxStore store = new OutboxStore(connection);
            List<OutboxEvent> read = store.readAfter(0, 10, List.of());
            assertEquals(5, read.size());
            assertEquals(3, store.delete(List.of(read.get(0), read.get(2), read.get(4))));
            connection.commit();
        }
        assertEquals("{\"n\":1},{\"n\":3}", payloads(), "the two rows not given are kept");
    }

    /**
     * A row that is no longer where it was read (here an update by another transaction, which outbox rows never see
     * in service) is kept, to be sent again, and no row is deleted in its place.
     */
    @Test
    void shouldKeepARowThatMovedAfterItWasRead() throws SQLException {
        insertNumberedRows(3);
        try (Connection connection = schema.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            OutboxStore store = new OutboxStore(connection);
            List<OutboxEvent> read = store.readAfter(0, 10, List.of());
            schema.execute("UPDATE outbox_event SET payload = '{\"n\":1,\"moved\":true}' WHERE id = "
                    + read.get(1).id);
            schema.insertOutboxRow("outbox-store-test", "k", "{\"n\":3}");

            assertEquals(2, store.delete(read), "the moved row is not at its old address any more");
            connection.commit();
        }
        assertEquals("{\"n\":1,\"moved\":true},{\"n\":3}", payloads(),
                "the moved row and the row written after the read are kept");
    }

    /**
     * A queue is tiny, then large: a pass's delete planned (and cached) while the outbox held three rows is planned
     * again once it holds thousands, as one TID lookup per row. With PostgreSQL's default plan cache the generic plan
     * made for three rows (a scan of the whole table) stays.
     */
    @Test
    void shouldPlanAPassForTheOutboxAsItIsNowNotAsItWasWhenFirstPlanned() throws SQLException {
        insertNumberedRows(3);
        schema.execute("ANALYZE outbox_event");
        try (Connection connection = schema.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            assertTrue(new OutboxStore(connection).beginPass(), "the relay lock is free");
            statement.execute("PREPARE acknowledged(text[], bigint[]) AS "
                    + OutboxStore.DELETE_ACKNOWLEDGED.replaceFirst("\\?", "\\$1").replaceFirst("\\?", "\\$2"));
            for (int i = 0; i < 6; i++) {
                // Past the five executions after which PostgreSQL may settle on a generic plan.
                statement.execute("EXECUTE acknowledged('{\"(0,1)\"}', '{0}')");
            }
            schema.execute("INSERT INTO outbox_event (event_id, topic, message_key, event_type, source, occurred_at, "
                    + "payload) SELECT gen_random_uuid(), 'outbox-store-test', 'k', 'test', 'test', now(), "
                    + "repeat('x', 700) FROM generate_series(1, 20000)");
            String plan = explain(statement, "EXECUTE acknowledged('{\"(0,1)\"}', '{0}')");
            assertTrue(plan.contains("Tid Scan on outbox_event"), plan);
            assertFalse(plan.contains("Seq Scan on outbox_event"), plan);
            connection.rollback();
        }
    }

    private void insertNumberedRows(int rows) {
        for (int i = 0; i < rows; i++) {
            schema.insertOutboxRow("outbox-store-test", "k", "{\"n\":" + i + "}");
        }
    }

    /** The outbox's payloads in id order, comma-separated. */
    private String payloads() {
        return schema.text("SELECT string_agg(payload, ',' ORDER BY id) FROM outbox_event");
    }

    private static String explain(Statement statement, String sql) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (ResultSet lines = statement.executeQuery("EXPLAIN " + sql)) {
            while (lines.next()) {
                plan.append(lines.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }
}
