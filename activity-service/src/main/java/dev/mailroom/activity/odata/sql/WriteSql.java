package dev.mailroom.activity.odata.sql;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.mailroom.activity.odata.model.TableDef;

/** INSERT, UPDATE, DELETE and row-lock statements; column names come from the declarations only. */
public final class WriteSql {

    private WriteSql() {
    }

    public static Sql insert(TableDef table, Map<String, Object> values) {
        List<String> columns = values.keySet().stream().map(name -> "\"" + name + "\"").toList();
        return new Sql("INSERT INTO " + table.sqlTable() + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", columns.stream().map(c -> "?").toList()) + ")", new ArrayList<>(values.values()));
    }

    /**
     * Changes the given columns and moves the version on; with {@code expectedVersion} only if the row still has
     * it, which makes If-Match a single statement rather than a read and a compare.
     */
    public static Sql update(TableDef table, UUID id, Map<String, Object> changes, Long expectedVersion,
            Instant now) {
        StringBuilder sql = new StringBuilder("UPDATE ").append(table.sqlTable()).append(" SET ");
        List<Object> params = new ArrayList<>();
        changes.forEach((column, value) -> {
            sql.append('"').append(column).append("\" = ?, ");
            params.add(value);
        });
        sql.append("\"").append(TableDef.MODIFIED_ON).append("\" = ?, \"").append(TableDef.VERSION)
                .append("\" = \"").append(TableDef.VERSION).append("\" + 1 WHERE \"").append(table.primaryKey())
                .append("\" = ?");
        params.add(now);
        params.add(id);
        if (expectedVersion != null) {
            sql.append(" AND \"").append(TableDef.VERSION).append("\" = ?");
            params.add(expectedVersion);
        }
        return new Sql(sql.toString(), params);
    }

    public static Sql delete(TableDef table, UUID id, Long expectedVersion) {
        String sql = "DELETE FROM " + table.sqlTable() + " WHERE \"" + table.primaryKey() + "\" = ?";
        return expectedVersion == null ? Sql.of(sql, id)
                : Sql.of(sql + " AND \"" + TableDef.VERSION + "\" = ?", id, expectedVersion);
    }

    /** The row as it is, locked until the transaction ends: checks and the write that follows see one state. */
    public static Sql lock(TableDef table, UUID id) {
        return Sql.of("SELECT * FROM " + table.sqlTable() + " WHERE \"" + table.primaryKey() + "\" = ? FOR UPDATE",
                id);
    }

    /** The address a party bound to this row uses, and whether the row exists at all. */
    public static Sql bindTarget(TableDef table, UUID id) {
        String email = table.emailColumn().map(column -> "\"" + column + "\"").orElse("NULL");
        return Sql.of("SELECT " + email + " AS address FROM " + table.sqlTable() + " WHERE \"" + table.primaryKey()
                + "\" = ?", id);
    }
}
