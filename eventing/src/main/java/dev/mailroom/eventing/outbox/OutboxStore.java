package dev.mailroom.eventing.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The relay's SQL on the outbox tables of the connection's schema, inside the caller's transaction. */
final class OutboxStore {

    /**
     * High half of the advisory lock key ("mail"); the low half is the outbox table's oid. The oid is unique in the
     * database, so each service's relays (one schema each) share a lock with each other and with no one else.
     */
    private static final long LOCK_NAMESPACE = 0x6d61696cL;

    private static final String SELECT_ROWS = "SELECT ctid::text AS location, id, event_id, topic, message_key, "
            + "event_type, source, subject, occurred_at, payload, traceparent, tracestate FROM outbox_event ";

    /** Deletes the rows at the given addresses (text) that still hold the given ids, pair by pair. */
    static final String DELETE_ACKNOWLEDGED = "DELETE FROM outbox_event o "
            + "USING unnest(?::tid[], ?::bigint[]) AS acknowledged(location, id) "
            + "WHERE o.ctid = acknowledged.location AND o.id = acknowledged.id";

    private final Connection connection;

    OutboxStore(Connection connection) {
        this.connection = connection;
    }

    /**
     * Begins a pass: takes this schema's relay lock until the transaction ends (false when another relay of it holds
     * it), and has each of the pass's statements planned for the outbox as it is now. Why the second: a queue table
     * is tiny, then large, then tiny again. A prepared statement's generic plan, made once while the outbox was a
     * page, stays cached while it grows to thousands of rows: a scan of the whole table for every read and every
     * delete (37% of PostgreSQL's CPU in the bulk-mail benchmark went to one such delete comparing each row with every
     * id of its list). Planning each statement again costs a fraction of a millisecond a batch.
     */
    boolean beginPass() throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT set_config('plan_cache_mode', 'force_custom_plan', true), "
                        + "pg_try_advisory_xact_lock((? << 32) | 'outbox_event'::regclass::oid::bigint)")) {
            lock.setLong(1, LOCK_NAMESPACE);
            try (ResultSet result = lock.executeQuery()) {
                result.next();
                return result.getBoolean(2);
            }
        }
    }

    /** Up to {@code limit} rows after {@code afterId} in id order, of every topic but {@code laneTopics}. */
    List<OutboxEvent> readAfter(long afterId, int limit, List<String> laneTopics) throws SQLException {
        String excluded = laneTopics.isEmpty() ? "" : "AND topic <> ALL (?) ";
        try (PreparedStatement select = connection.prepareStatement(SELECT_ROWS + "WHERE id > ? " + excluded
                + "ORDER BY id LIMIT ?")) {
            int parameter = 1;
            select.setLong(parameter++, afterId);
            if (!laneTopics.isEmpty()) {
                select.setArray(parameter++, connection.createArrayOf("varchar", laneTopics.toArray()));
            }
            select.setInt(parameter, limit);
            return rows(select);
        }
    }

    /**
     * Up to {@code limit} rows of one topic after {@code afterId} in id order: the priority lane. One topic per
     * query, so an index on {@code (topic, id)} answers it without walking the rows of other topics.
     */
    List<OutboxEvent> readTopicAfter(String topic, long afterId, int limit) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT_ROWS
                + "WHERE topic = ? AND id > ? ORDER BY id LIMIT ?")) {
            select.setString(1, topic);
            select.setLong(2, afterId);
            select.setInt(3, limit);
            return rows(select);
        }
    }

    private static List<OutboxEvent> rows(PreparedStatement select) throws SQLException {
        List<OutboxEvent> rows = new ArrayList<>();
        try (ResultSet result = select.executeQuery()) {
            while (result.next()) {
                rows.add(row(result));
            }
        }
        return rows;
    }

    /**
     * Deletes rows this transaction read, by the address each was read at: one TID lookup per row, joined row by row
     * with the id it must still hold (planned for the outbox as it is, see {@link #beginPass}). A TID lookup reads the
     * row's heap page only, where {@code id = ANY (?)} descended the primary key for each row first.
     * <p>
     * An address is stable here: outbox rows are never updated, vacuum does not move a live row, and what would move
     * it ({@code VACUUM FULL}, {@code CLUSTER}) needs a lock that conflicts with the one this transaction's read holds
     * until it ends. The id is checked with it all the same: a row found elsewhere would be kept (and sent again by a
     * later scan), never another row deleted in its place.
     *
     * @return how many rows were deleted
     */
    int delete(List<OutboxEvent> rows) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        String[] locations = new String[rows.size()];
        Long[] ids = new Long[rows.size()];
        for (int i = 0; i < locations.length; i++) {
            locations[i] = rows.get(i).location;
            ids[i] = rows.get(i).id;
        }
        try (PreparedStatement delete = connection.prepareStatement(DELETE_ACKNOWLEDGED)) {
            delete.setArray(1, connection.createArrayOf("text", locations));
            delete.setArray(2, connection.createArrayOf("bigint", ids));
            return delete.executeUpdate();
        }
    }

    /** Moves the row to {@code outbox_dead_letter} with the reason Kafka gave. */
    void deadLetter(long id, String reason) throws SQLException {
        try (PreparedStatement move = connection.prepareStatement("INSERT INTO outbox_dead_letter (id, event_id, "
                + "topic, message_key, event_type, source, subject, occurred_at, payload, traceparent, tracestate, "
                + "reason) SELECT id, event_id, topic, message_key, event_type, source, subject, occurred_at, payload, "
                + "traceparent, tracestate, ? FROM outbox_event "
                + "WHERE id = ?")) {
            move.setString(1, reason);
            move.setLong(2, id);
            move.executeUpdate();
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox_event WHERE id = ?")) {
            delete.setLong(1, id);
            delete.executeUpdate();
        }
    }

    private static OutboxEvent row(ResultSet result) throws SQLException {
        OutboxEvent row = new OutboxEvent();
        row.location = result.getString("location");
        row.id = result.getLong("id");
        row.eventId = result.getObject("event_id", UUID.class);
        row.topic = result.getString("topic");
        row.messageKey = result.getString("message_key");
        row.eventType = result.getString("event_type");
        row.source = result.getString("source");
        row.subject = result.getString("subject");
        row.occurredAt = result.getObject("occurred_at", OffsetDateTime.class).toInstant();
        // Its bytes, not a String: the relay only passes them on (see OutboxEvent.payloadUtf8).
        row.payloadUtf8 = result.getBytes("payload");
        row.traceparent = result.getString("traceparent");
        row.tracestate = result.getString("tracestate");
        return row;
    }
}
