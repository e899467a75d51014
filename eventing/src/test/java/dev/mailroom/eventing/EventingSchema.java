package dev.mailroom.eventing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

import dev.mailroom.localstack.StackAddresses;

/**
 * A fresh schema of the local stack's database migrated with eventing's own Flyway scripts, as a service's schema
 * would be, plus the few SQL statements tests use to fill and inspect it.
 */
public final class EventingSchema {

    private final PGSimpleDataSource dataSource = new PGSimpleDataSource();

    public EventingSchema(StackAddresses stack, String schema) {
        dataSource.setUrl(stack.get(StackAddresses.JDBC_URL));
        dataSource.setUser(stack.get(StackAddresses.DB_USER));
        dataSource.setPassword(stack.get(StackAddresses.DB_PASSWORD));
        dataSource.setCurrentSchema(schema);
        Flyway.configure().dataSource(dataSource).schemas(schema).locations("classpath:db/eventing").load().migrate();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Writes an outbox row as OutboxWriter would; returns its event id. */
    public UUID insertOutboxRow(String topic, String key, String payload) {
        UUID eventId = UUID.randomUUID();
        update("INSERT INTO outbox_event (event_id, topic, message_key, event_type, source, subject, occurred_at, "
                + "payload) VALUES (?, ?, ?, 'dev.mailroom.test', '/eventing-tests', ?, now(), ?)",
                eventId, topic, key, key, payload);
        return eventId;
    }

    public void insertProcessedEvent(UUID eventId, Instant processedAt) {
        update("INSERT INTO processed_event (event_id, event_type, processed_at) VALUES (?, 'dev.mailroom.test', ?)",
                eventId, OffsetDateTime.ofInstant(processedAt, ZoneOffset.UTC));
    }

    public long count(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet result = statement.executeQuery()) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public String text(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet result = statement.executeQuery()) {
            return result.next() ? result.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void execute(String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, parameters)) {
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }
}
