package dev.mailroom.eventing.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.SQLException;
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
        for (int i = 0; i < 5; i++) {
            schema.insertOutboxRow("outbox-store-test", "k", "{\"n\":" + i + "}");
        }
        try (Connection connection = schema.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            OutboxStore store = new OutboxStore(connection);
            List<OutboxEvent> read = store.readAfter(0, 10, List.of());
            assertEquals(5, read.size());
            assertEquals(3, store.delete(List.of(read.get(0), read.get(2), read.get(4))));
            connection.commit();
        }
        assertEquals("{\"n\":1},{\"n\":3}", schema.text("SELECT string_agg(payload, ',' ORDER BY id) "
                + "FROM outbox_event"), "the two rows not given are kept");
    }

    /**
     * A row that is no longer where it was read (here an update by another transaction, which outbox rows never see
     * in service) is kept, to be sent again, and no row is deleted in its place.
     */
    @Test
    void shouldKeepARowThatMovedAfterItWasRead() throws SQLException {
        for (int i = 0; i < 3; i++) {
            schema.insertOutboxRow("outbox-store-test", "k", "{\"n\":" + i + "}");
        }
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
        assertEquals("{\"n\":1,\"moved\":true},{\"n\":3}", schema.text("SELECT string_agg(payload, ',' ORDER BY id) "
                + "FROM outbox_event"), "the moved row and the row written after the read are kept");
    }
}
