package dev.mailroom.activity.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.mailroom.activity.odata.model.LookupDef;
import dev.mailroom.activity.odata.model.TableDef;
import dev.mailroom.activity.odata.model.TableRegistry;
import dev.mailroom.activity.odata.sql.ReadQuery;
import dev.mailroom.activity.odata.sql.RecordStore;
import dev.mailroom.activity.odata.sql.SelectSql;
import dev.mailroom.activity.odata.sql.SkipToken;
import dev.mailroom.activity.odata.sql.Sql;

/**
 * Reads pages of any table: keyset paging (one index range scan per page, whatever the page number), expansions
 * loaded with one query per navigation for the whole page, and lookup names when annotations ask for them.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class RecordReader {

    /** The most rows $count counts (Dataverse caps it at 5,000). */
    public static final int COUNT_CAP = 5000;

    private final RecordStore store;
    private final TableRegistry registry;

    public RecordReader(RecordStore store, TableRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    /** A page of rows, the token of the next page (or null), the count when asked for, names of lookups. */
    public record Page(List<Map<String, Object>> rows, String nextToken, Long count, Map<UUID, String> names) {
    }

    /**
     * @param pageSize rows per page; null when the client gave $top and no page size, which returns $top rows and
     *     no next page
     */
    public Page readPage(ReadQuery query, String skipToken, Integer pageSize, boolean withNames) {
        List<Object> cursor = skipToken == null ? null : SkipToken.decode(query, skipToken);
        int limit = pageSize != null ? pageSize : query.top();
        List<Map<String, Object>> rows = store.query(SelectSql.page(query, cursor, limit + 1));
        String next = null;
        if (rows.size() > limit) {
            rows = new ArrayList<>(rows.subList(0, limit));
            next = pageSize != null ? SkipToken.encode(query, rows.get(rows.size() - 1)) : null;
        }
        attachExpansions(query, rows);
        fillOnRead(query, rows);
        Long count = query.count() ? countRows(query) : null;
        return new Page(rows, next, count, withNames ? lookupNames(query, rows) : Map.of());
    }

    public Optional<Page> readOne(ReadQuery query, UUID id, boolean withNames) {
        ReadQuery byKey = new ReadQuery(query.table(), query.columns(), query.lookups(),
                query.where().and(Sql.of("\"" + query.table().primaryKey() + "\" = ?", id)), query.orderBy(), null,
                false,
                query.expansions());
        List<Map<String, Object>> rows = store.query(SelectSql.page(byKey, null, 1));
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        attachExpansions(byKey, rows);
        fillOnRead(byKey, rows);
        return Optional.of(new Page(rows, null, null, withNames ? lookupNames(byKey, rows) : Map.of()));
    }

    /** Columns the table keeps outside SQL (an attachment's body), filled only when selected by name. */
    private static void fillOnRead(ReadQuery query, List<Map<String, Object>> rows) {
        Set<String> kept = query.table().rules().filledOnRead();
        if (rows.isEmpty() || kept.isEmpty()) {
            return;
        }
        Set<String> selected = new LinkedHashSet<>();
        query.columns().stream().map(column -> column.name()).filter(kept::contains).forEach(selected::add);
        if (!selected.isEmpty()) {
            query.table().rules().afterRead(rows, selected);
        }
    }

    public long countRows(ReadQuery query) {
        Number count = (Number) store.query(SelectSql.cappedCount(query, COUNT_CAP)).get(0).get("n");
        return Math.min(count.longValue(), COUNT_CAP);
    }

    private void attachExpansions(ReadQuery query, List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return;
        }
        for (ReadQuery.Expansion expansion : query.expansions()) {
            if (expansion.collection()) {
                attachChildren(query.table(), expansion, rows);
            } else {
                attachParent(expansion, rows);
            }
        }
    }

    private void attachChildren(TableDef table, ReadQuery.Expansion expansion, List<Map<String, Object>> rows) {
        UUID[] ids = rows.stream().map(row -> (UUID) row.get(table.primaryKey())).toArray(UUID[]::new);
        Map<Object, List<Map<String, Object>>> byParent = new HashMap<>();
        for (Map<String, Object> child : store.query(SelectSql.rowsIn(expansion.query(), expansion.foreignKey(),
                ids))) {
            List<Map<String, Object>> siblings = byParent.computeIfAbsent(child.get(expansion.foreignKey()),
                    key -> new ArrayList<>());
            Integer top = expansion.query().top();
            if (top == null || siblings.size() < top) {
                siblings.add(child);
            }
        }
        // An attachment's body, when the nested $select names it, as on a read of the attachment itself.
        fillOnRead(expansion.query(), byParent.values().stream().flatMap(List::stream).toList());
        rows.forEach(row -> row.put(expansion.navigation(),
                byParent.getOrDefault(row.get(table.primaryKey()), List.of())));
    }

    private void attachParent(ReadQuery.Expansion expansion, List<Map<String, Object>> rows) {
        TableDef target = expansion.query().table();
        UUID[] ids = rows.stream().map(row -> row.get(expansion.foreignKey())).filter(UUID.class::isInstance)
                .distinct().toArray(UUID[]::new);
        Map<Object, Map<String, Object>> byId = new HashMap<>();
        if (ids.length > 0) {
            store.query(SelectSql.rowsIn(expansion.query(), target.primaryKey(), ids))
                    .forEach(parent -> byId.put(parent.get(target.primaryKey()), parent));
        }
        rows.forEach(row -> row.put(expansion.navigation(), byId.get(row.get(expansion.foreignKey()))));
    }

    /** The primary name of every record the page's lookups point at: one query per target table. */
    private Map<UUID, String> lookupNames(ReadQuery query, List<Map<String, Object>> rows) {
        Map<String, Set<UUID>> idsByTable = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            for (LookupDef lookup : query.lookups()) {
                Object id = row.get(lookup.name());
                if (id instanceof UUID uuid) {
                    String table = lookup.typeColumn() != null ? (String) row.get(lookup.typeColumn())
                            : lookup.targets().get(0).table();
                    idsByTable.computeIfAbsent(table, key -> new LinkedHashSet<>()).add(uuid);
                }
            }
        }
        Map<UUID, String> names = new HashMap<>();
        idsByTable.forEach((logicalName, ids) -> registry.byLogicalName(logicalName)
                .filter(table -> table.primaryName() != null)
                .ifPresent(table -> store.query(Sql.of("SELECT \"" + table.primaryKey() + "\" AS id, \""
                        + table.primaryName() + "\" AS name FROM " + table.sqlTable() + " WHERE \""
                        + table.primaryKey() + "\" = ANY(?)", (Object) ids.toArray(UUID[]::new)))
                        .forEach(row -> names.put((UUID) row.get("id"), (String) row.get("name")))));
        return names;
    }
}
