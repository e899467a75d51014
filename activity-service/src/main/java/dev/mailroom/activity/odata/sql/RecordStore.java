package dev.mailroom.activity.odata.sql;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.activity.odata.model.RowStore;

/**
 * Runs the engine's parameterized SQL with JDBC on the connection of the current transaction (Agroal enlists it),
 * and reads rows as column-name maps. Plain JDBC rather than an ORM: the statements are built from declarations at
 * run time, for fifteen tables, and writes of many children go out as one JDBC batch.
 */
@ApplicationScoped
public class RecordStore implements RowStore {

    private final DataSource dataSource;

    public RecordStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<Map<String, Object>> query(Sql sql) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql.text(), sql.params());
                ResultSet results = statement.executeQuery()) {
            ResultSetMetaData meta = results.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (results.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), read(results, i, meta.getColumnType(i)));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("Query failed: " + e.getMessage(), e);
        }
    }

    @Override
    public int execute(String sql, List<Object> params) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, params)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Statement failed: " + e.getMessage(), e);
        }
    }

    /** One statement, many rows, one round trip. */
    public void executeBatch(String sql, List<List<Object>> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (List<Object> row : rows) {
                bind(connection, statement, row);
                statement.addBatch();
            }
            statement.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("Batch failed: " + e.getMessage(), e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<Object> params)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        bind(connection, statement, params);
        return statement;
    }

    private static void bind(Connection connection, PreparedStatement statement, List<Object> params)
            throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object value = params.get(i);
            if (value instanceof UUID[] ids) {
                Array array = connection.createArrayOf("uuid", ids);
                statement.setArray(i + 1, array);
            } else if (value instanceof Instant instant) {
                statement.setObject(i + 1, instant.atOffset(ZoneOffset.UTC));
            } else if (value == null) {
                statement.setNull(i + 1, Types.NULL);
            } else {
                statement.setObject(i + 1, value);
            }
        }
    }

    private static Object read(ResultSet results, int index, int sqlType) throws SQLException {
        if (sqlType == Types.TIMESTAMP_WITH_TIMEZONE || sqlType == Types.TIMESTAMP) {
            OffsetDateTime value = results.getObject(index, OffsetDateTime.class);
            return value == null ? null : value.toInstant();
        }
        return results.getObject(index);
    }
}
