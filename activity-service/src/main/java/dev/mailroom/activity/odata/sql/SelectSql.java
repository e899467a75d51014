package dev.mailroom.activity.odata.sql;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.mailroom.activity.odata.model.ColumnDef;
import dev.mailroom.activity.odata.model.LookupDef;
import dev.mailroom.activity.odata.model.TableDef;

/**
 * SELECT statements for a {@link ReadQuery}: a page after a keyset cursor, the rows of an expansion, a count.
 * ORDER BY puts nulls first ascending and last descending (Dataverse's order) and always ends with the key.
 */
public final class SelectSql {

    private SelectSql() {
    }

    /** A page: the rows after {@code cursor} (null for page 1), at most {@code limit}. */
    public static Sql page(ReadQuery query, List<Object> cursor, int limit) {
        Sql where = query.where();
        if (cursor != null) {
            where = where.and(after(query.orderBy(), cursor));
        }
        // LIMIT is written as a number, not bound: a prepared statement's generic plan that does not know the
        // limit may sort every matching row instead of walking the index to the first few.
        return new Sql("SELECT " + columnList(query, Set.of()) + " FROM " + query.table().sqlTable() + " WHERE "
                + where.text() + orderBy(query.orderBy()) + " LIMIT " + limit, where.params());
    }

    /** Rows of an expansion whose {@code column} is one of {@code ids}, in the expansion's order. */
    public static Sql rowsIn(ReadQuery query, String column, UUID[] ids) {
        Sql where = query.where().and(Sql.of("\"" + column + "\" = ANY(?)", (Object) ids));
        return new Sql("SELECT " + columnList(query, Set.of(column)) + " FROM " + query.table().sqlTable()
                + " WHERE " + where.text() + orderBy(query.orderBy()), where.params());
    }

    /** How many rows match, counting at most {@code cap + 1} so a count never scans more than that. */
    public static Sql cappedCount(ReadQuery query, int cap) {
        return new Sql("SELECT count(*) AS n FROM (SELECT 1 FROM " + query.table().sqlTable() + " WHERE "
                + query.where().text() + " LIMIT " + (cap + 1) + ") AS matching", query.where().params());
    }

    private static String columnList(ReadQuery query, Set<String> extra) {
        TableDef table = query.table();
        Set<String> names = new LinkedHashSet<>();
        names.add(table.primaryKey());
        names.add(TableDef.VERSION);
        query.columns().stream().map(ColumnDef::name).forEach(names::add);
        for (LookupDef lookup : query.lookups()) {
            names.add(lookup.name());
            if (lookup.typeColumn() != null) {
                names.add(lookup.typeColumn());
            }
        }
        query.orderBy().forEach(key -> names.add(key.column()));
        query.expansions().stream().filter(expansion -> !expansion.collection())
                .forEach(expansion -> names.add(expansion.foreignKey()));
        names.addAll(extra);
        names.removeAll(table.rules().filledOnRead());
        return String.join(", ", names.stream().map(name -> "\"" + name + "\"").toList());
    }

    private static String orderBy(List<SortKey> keys) {
        if (keys.isEmpty()) {
            return "";
        }
        return " ORDER BY " + String.join(", ", keys.stream().map(SelectSql::orderTerm).toList());
    }

    /**
     * Dataverse puts nulls first ascending and last descending; said only for a nullable column, because
     * {@code ASC NULLS FIRST} on a column that has no nulls would still keep PostgreSQL from walking its index.
     */
    private static String orderTerm(SortKey key) {
        String column = "\"" + key.column() + "\"";
        if (!key.nullable()) {
            return column + (key.descending() ? " DESC" : " ASC");
        }
        return column + (key.descending() ? " DESC NULLS LAST" : " ASC NULLS FIRST");
    }

    /** Rows strictly after the cursor in the ORDER BY above, nulls included. */
    static Sql after(List<SortKey> keys, List<Object> cursor) {
        Sql any = null;
        for (int i = 0; i < keys.size(); i++) {
            Sql branch = null;
            for (int j = 0; j < i; j++) {
                branch = and(branch, equal(keys.get(j), cursor.get(j)));
            }
            Sql beyond = beyond(keys.get(i), cursor.get(i));
            if (beyond == null) {
                continue;
            }
            branch = and(branch, beyond);
            any = any == null ? branch : any.or(branch);
        }
        return any == null ? Sql.of("FALSE") : any;
    }

    private static Sql and(Sql left, Sql right) {
        return left == null ? right : left.and(right);
    }

    private static Sql equal(SortKey key, Object value) {
        return value == null ? Sql.of("\"" + key.column() + "\" IS NULL") : Sql.of("\"" + key.column() + "\" = ?",
                value);
    }

    private static Sql beyond(SortKey key, Object value) {
        String column = "\"" + key.column() + "\"";
        if (!key.nullable()) {
            return Sql.of(column + (key.descending() ? " < ?" : " > ?"), value);
        }
        if (!key.descending()) {
            return value == null ? Sql.of(column + " IS NOT NULL") : Sql.of(column + " > ?", value);
        }
        return value == null ? null : Sql.of("(" + column + " < ? OR " + column + " IS NULL)", value);
    }
}
