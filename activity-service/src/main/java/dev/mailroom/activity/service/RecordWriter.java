package dev.mailroom.activity.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.error.DataverseException;
import dev.mailroom.activity.odata.json.RecordChange;
import dev.mailroom.activity.odata.model.ColumnDef;
import dev.mailroom.activity.odata.model.DependentRows;
import dev.mailroom.activity.odata.model.RecordWritten;
import dev.mailroom.activity.odata.model.RecordsCreated;
import dev.mailroom.activity.odata.model.RelationDef;
import dev.mailroom.activity.odata.model.TableDef;
import dev.mailroom.activity.odata.model.TableRegistry;
import dev.mailroom.activity.odata.sql.RecordStore;
import dev.mailroom.activity.odata.sql.Sql;
import dev.mailroom.activity.odata.sql.WriteSql;
import dev.mailroom.activity.security.EmailApprovalChanges;
import dev.mailroom.eventing.ids.TimeOrderedIds;
import dev.mailroom.eventing.tracing.TraceContext;

/**
 * Creates, updates, upserts and deletes rows of any table in one transaction each (creates also many at once:
 * see {@link GroupCommit}): binds resolved, table rules checked on the locked row, children of a deep insert
 * written as one batch. A refused request writes nothing.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRED)
public class RecordWriter {

    private final RecordStore store;
    private final TableRegistry registry;
    private final jakarta.enterprise.event.Event<RecordWritten> written;
    private final Clock clock = Clock.systemUTC();
    private final EmailApprovalChanges approvals;
    private final jakarta.enterprise.event.Event<RecordsCreated> created;

    private final List<DependentRows> dependents;

    public RecordWriter(RecordStore store, TableRegistry registry,
            jakarta.enterprise.inject.Instance<DependentRows> dependents, EmailApprovalChanges approvals,
            jakarta.enterprise.event.Event<RecordWritten> written,
            jakarta.enterprise.event.Event<RecordsCreated> created) {
        this.store = store;
        this.registry = registry;
        this.dependents = dependents.stream().toList();
        this.approvals = approvals;
        this.written = written;
        this.created = created;
    }

    /** What a PATCH did: created the row (upsert) or changed it. */
    public enum Outcome {
        CREATED, UPDATED
    }

    public UUID create(RecordChange change, UUID givenId) {
        PreparedCreate prepared = prepare(change, givenId);
        insert(List.of(prepared));
        return prepared.id();
    }

    /**
     * Everything of a create that comes before its writes: defaults, required columns, binds resolved, table rules
     * checked, derived columns set. Reads only, so it may run outside the transaction that will write the row.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public PreparedCreate prepare(RecordChange change, UUID givenId) {
        TableDef table = change.table();
        if (!table.isWritable()) {
            throw DataverseError.METHOD_NOT_ALLOWED.withMessage("The 'Create' method does not support entities of "
                    + "type '" + table.logicalName() + "'.");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Map<String, Object> values = newRow(change, givenId, now);
        UUID id = (UUID) values.get(table.primaryKey());
        if (givenId == null && change.values().containsKey(table.primaryKey()) && exists(table, id)) {
            throw DataverseError.DUPLICATE_RECORD.withMessage("A record with matching key values already exists.");
        }
        Map<String, List<Map<String, Object>>> childrenByName = new LinkedHashMap<>();
        Map<RelationDef, List<Map<String, Object>>> children = childRows(change, id, now, childrenByName);
        table.rules().beforeInsert(values, childrenByName);
        return new PreparedCreate(table, id, values, children, childrenByName, TraceContext.currentTraceparent());
    }

    /**
     * Whether a create may be prepared outside its transaction and written in a shared one: when the rules of
     * every table it writes say so, and none has an audited column (whose audit row is written, with the caller,
     * while the row is prepared). Static, so that no transaction interceptor runs around it: this bean is
     * {@code @Transactional}, and asking would otherwise begin and commit an empty transaction per create.
     */
    public static boolean groupable(RecordChange change) {
        TableDef table = change.table();
        if (!table.rules().groupCommit() || table.column(EmailApprovalChanges.COLUMN).isPresent()) {
            return false;
        }
        return change.children().values().stream().flatMap(List::stream).allMatch(RecordWriter::groupable);
    }

    /**
     * Writes prepared creates in the current transaction: the rows of one table and one set of columns as one
     * batched statement (one multi-row INSERT), whatever their number, then their children the same way.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void insert(List<PreparedCreate> creates) {
        Map<TableDef, List<PreparedCreate>> byTable = new LinkedHashMap<>();
        creates.forEach(create -> byTable.computeIfAbsent(create.table(), key -> new ArrayList<>()).add(create));
        byTable.forEach((table, rows) -> insertRows(table, rows.stream().map(PreparedCreate::values).toList()));
        Map<RelationDef, List<Map<String, Object>>> children = new LinkedHashMap<>();
        creates.forEach(create -> create.children().forEach((relation, rows) ->
                children.computeIfAbsent(relation, key -> new ArrayList<>()).addAll(rows)));
        children.forEach((relation, rows) -> insertRows(registry.require(relation.childTable()), rows));
        for (PreparedCreate create : creates) {
            create.table().rules().afterInsert(create.id(), store);
            written.fire(new RecordWritten(create.table().logicalName(), create.id(), true));
        }
        byTable.forEach((table, rows) -> created.fire(new RecordsCreated(table.logicalName(), rows.stream()
                .map(row -> new RecordsCreated.Row(row.id(), row.values(), row.childrenByName(), row.traceparent()))
                .toList())));
    }

    public Outcome upsert(RecordChange change, UUID id, Precondition precondition) {
        TableDef table = change.table();
        Map<String, Object> current = lock(table, id);
        if (current == null) {
            if (precondition.kind() == Precondition.Kind.MUST_EXIST
                    || precondition.kind() == Precondition.Kind.VERSION) {
                throw DataverseException.notFound(table.logicalName(), id);
            }
            create(change, id);
            return Outcome.CREATED;
        }
        if (precondition.kind() == Precondition.Kind.MUST_NOT_EXIST) {
            throw DataverseError.DUPLICATE_RECORD.withMessage("A record with matching key values already exists.");
        }
        checkVersion(precondition, current);
        update(change, id, current);
        return Outcome.UPDATED;
    }

    public void delete(TableDef table, UUID id, Precondition precondition) {
        if (!table.isWritable()) {
            throw DataverseError.METHOD_NOT_ALLOWED.withMessage("The 'Delete' method does not support entities of "
                    + "type '" + table.logicalName() + "'.");
        }
        Map<String, Object> current = lock(table, id);
        if (current == null) {
            throw DataverseException.notFound(table.logicalName(), id);
        }
        checkVersion(precondition, current);
        table.rules().checkDelete(current);
        dependents.forEach(dependent -> dependent.parentDeleting(table, id));
        Sql delete = WriteSql.delete(table, id, null);
        store.execute(delete.text(), delete.params());
        table.rules().afterDelete(id, current);
    }

    private void update(RecordChange change, UUID id, Map<String, Object> current) {
        TableDef table = change.table();
        if (!table.isWritable()) {
            throw DataverseError.METHOD_NOT_ALLOWED.withMessage("The 'Update' method does not support entities of "
                    + "type '" + table.logicalName() + "'.");
        }
        Map<String, Object> changes = new LinkedHashMap<>(change.values());
        changes.remove(table.primaryKey());
        resolveBinds(change, changes);
        table.rules().checkUpdate(current, changes);
        Map<RelationDef, List<Map<String, Object>>> children = change.children().isEmpty() ? Map.of()
                : replacementChildren(change, id, current, changes);
        table.rules().beforeUpdate(current, changes);
        approvals.onUpdate(table, id, current, changes);
        Sql update = WriteSql.update(table, id, changes, null, clock.instant());
        store.execute(update.text(), update.params());
        children.forEach((relation, rows) -> {
            TableDef child = registry.require(relation.childTable());
            store.execute("DELETE FROM " + child.sqlTable() + " WHERE \"" + relation.foreignKey() + "\" = ?",
                    List.of(id));
            insertRows(child, rows);
        });
        table.rules().afterUpdate(id, store);
        written.fire(new RecordWritten(table.logicalName(), id, false));
    }

    /**
     * The rows that replace the row's related records of each relation in an update's body (Dataverse replaces an
     * email's whole party list this way), checked by their table's rules and then by the parent's, which may
     * refuse or derive columns from them.
     */
    private Map<RelationDef, List<Map<String, Object>>> replacementChildren(RecordChange change, UUID id,
            Map<String, Object> current, Map<String, Object> changes) {
        Instant now = clock.instant();
        Map<String, List<Map<String, Object>>> childrenByName = new LinkedHashMap<>();
        Map<RelationDef, List<Map<String, Object>>> children = childRows(change, id, now, childrenByName);
        change.table().rules().beforeReplaceChildren(current, changes, childrenByName);
        return children;
    }

    private Map<String, Object> newRow(RecordChange change, UUID givenId, Instant now) {
        TableDef table = change.table();
        Map<String, Object> values = new LinkedHashMap<>();
        for (ColumnDef column : table.columns()) {
            if (column.defaultValue() != null) {
                values.put(column.name(), column.defaultValue());
            }
        }
        values.putAll(change.values());
        UUID bodyId = (UUID) values.get(table.primaryKey());
        if (givenId != null && bodyId != null && !givenId.equals(bodyId)) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("The key in the body differs from the key in the URL.");
        }
        UUID id = givenId != null ? givenId : bodyId != null ? bodyId : TimeOrderedIds.next();
        values.put(table.primaryKey(), id);
        for (ColumnDef column : table.columns()) {
            if (column.required() && values.get(column.name()) == null) {
                throw DataverseError.INVALID_ARGUMENT.withMessage("Required field '" + column.name()
                        + "' is missing for '" + table.logicalName() + "'.");
            }
        }
        resolveBinds(change, values);
        table.rules().checkCreate(values);
        approvals.onCreate(table, id, values);
        values.put(TableDef.CREATED_ON, now);
        values.put(TableDef.MODIFIED_ON, now);
        values.put(TableDef.VERSION, 1L);
        return values;
    }

    /** The new rows of each relation in a body, keyed to the parent {@code id}; also filed by relation name. */
    private Map<RelationDef, List<Map<String, Object>>> childRows(RecordChange change, UUID id, Instant now,
            Map<String, List<Map<String, Object>>> childrenByName) {
        Map<RelationDef, List<Map<String, Object>>> children = new LinkedHashMap<>();
        change.children().forEach((relation, rows) -> {
            List<Map<String, Object>> childValues = new ArrayList<>();
            for (RecordChange row : rows) {
                Map<String, Object> child = newRow(row, null, now);
                child.put(relation.foreignKey(), id);
                childValues.add(child);
            }
            children.put(relation, childValues);
            childrenByName.put(relation.name(), childValues);
        });
        return children;
    }

    private void insertRows(TableDef table, List<Map<String, Object>> rows) {
        // One batch per column set (TreeMap: the same columns in the same order), one round trip each.
        Map<String, List<Map<String, Object>>> byShape = new LinkedHashMap<>();
        for (Map<String, Object> values : rows) {
            Map<String, Object> sorted = new TreeMap<>(values);
            byShape.computeIfAbsent(String.join(",", sorted.keySet()), key -> new ArrayList<>()).add(sorted);
        }
        for (List<Map<String, Object>> shape : byShape.values()) {
            Sql insert = WriteSql.insert(table, shape.get(0));
            // Not List.copyOf: a party bound to a record without an address has a null addressused.
            store.executeBatch(insert.text(), shape.stream()
                    .map(values -> (List<Object>) new ArrayList<Object>(values.values())).toList());
        }
    }

    private void resolveBinds(RecordChange change, Map<String, Object> values) {
        for (RecordChange.Bind bind : change.binds()) {
            TableDef target = registry.require(bind.target().table());
            List<Map<String, Object>> found = store.query(WriteSql.bindTarget(target, bind.id()));
            if (found.isEmpty()) {
                throw DataverseException.notFound(target.logicalName(), bind.id());
            }
            values.put(bind.lookup().name(), bind.id());
            if (bind.lookup().typeColumn() != null) {
                values.put(bind.lookup().typeColumn(), target.logicalName());
            }
            change.table().rules().onBind(values, bind.lookup(), (String) found.get(0).get("address"));
        }
    }

    private Map<String, Object> lock(TableDef table, UUID id) {
        List<Map<String, Object>> rows = store.query(WriteSql.lock(table, id));
        return rows.isEmpty() ? null : rows.get(0);
    }

    private boolean exists(TableDef table, UUID id) {
        return !store.query(Sql.of("SELECT 1 FROM " + table.sqlTable() + " WHERE \"" + table.primaryKey()
                + "\" = ?", id)).isEmpty();
    }

    private static void checkVersion(Precondition precondition, Map<String, Object> current) {
        if (precondition.kind() == Precondition.Kind.VERSION
                && !precondition.version().equals(((Number) current.get(TableDef.VERSION)).longValue())) {
            throw DataverseError.VERSION_MISMATCH.withMessage("The version of the existing record doesn't match the "
                    + "RowVersion property provided.");
        }
    }
}
