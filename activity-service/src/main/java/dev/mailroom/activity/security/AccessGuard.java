package dev.mailroom.activity.security;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.error.DataverseException;
import dev.mailroom.activity.odata.json.RecordChange;
import dev.mailroom.activity.odata.model.TableDef;
import dev.mailroom.activity.odata.model.TableRegistry;
import dev.mailroom.activity.odata.sql.ReadQuery;
import dev.mailroom.activity.odata.sql.RecordStore;
import dev.mailroom.activity.odata.sql.Sql;
import dev.mailroom.activity.security.Privileges.Depth;

/**
 * Enforces the caller's privileges on every table from its declaration ({@link TableDef#privilege},
 * {@link TableDef#ownership}): a missing privilege is Dataverse's 403; a user-level read gets the owner filter in
 * its SQL (and in every expansion's), so other users' rows are never read; a user-level write, delete or
 * operation on another user's row is refused before anything is written.
 */
@ApplicationScoped
public class AccessGuard {

    private final CurrentCaller current;
    private final TableRegistry registry;
    private final RecordStore store;

    public AccessGuard(CurrentCaller current, TableRegistry registry, RecordStore store) {
        this.current = current;
        this.registry = registry;
        this.store = store;
    }

    public Caller caller() {
        return current.get();
    }

    /** The depth of {@code verb} on {@code table}; throws Dataverse's privilege error when it is not held. */
    public Depth require(TableDef table, String verb) {
        Caller caller = current.get();
        String privilege = table.privilege(verb);
        return caller.depth(privilege).orElseThrow(() -> missing(caller, privilege, table.logicalName()));
    }

    /** Holds {@code privilege} at any depth, or is refused. */
    public void require(String privilege) {
        Caller caller = current.get();
        if (caller.depth(privilege).isEmpty()) {
            throw missing(caller, privilege, null);
        }
    }

    /** The read as the caller may see it: privileges checked, owner filters added where they hold user level. */
    public ReadQuery scope(ReadQuery query) {
        Depth depth = require(query.table(), Privileges.READ);
        Sql where = query.where();
        if (depth == Depth.USER && query.table().ownership().isPresent()) {
            where = where.and(ownedByCaller(query.table()));
        }
        List<ReadQuery.Expansion> expansions = query.expansions().stream()
                .map(expansion -> new ReadQuery.Expansion(expansion.navigation(), expansion.foreignKey(),
                        expansion.collection(), scope(expansion.query())))
                .toList();
        return new ReadQuery(query.table(), query.columns(), query.lookups(), where, query.orderBy(), query.top(),
                query.count(), expansions);
    }

    /** Create on the table and on every deep-inserted child table; Append/AppendTo for every bind. */
    public void checkCreate(RecordChange change) {
        require(change.table(), Privileges.CREATE);
        checkBinds(change);
        change.children().values().forEach(children -> children.forEach(this::checkCreate));
    }

    /**
     * An update of row {@code id}: Write (and Append for binds, Create for related rows it replaces), on the
     * caller's own row at user level.
     */
    public void checkUpdate(RecordChange change, UUID id) {
        checkRecord(change.table(), Privileges.WRITE, id);
        checkBinds(change);
        change.children().values().forEach(children -> children.forEach(this::checkCreate));
    }

    /**
     * {@code verb} on row {@code id}. At user level the row must be the caller's: a row that exists and is someone
     * else's is refused (a row that does not exist is left to the write, which answers 404).
     */
    public void checkRecord(TableDef table, String verb, UUID id) {
        Depth depth = require(table, verb);
        if (depth == Depth.USER && table.ownership().isPresent() && id != null) {
            Sql owned = ownedByCaller(table);
            List<Object> params = new java.util.ArrayList<>(List.of(id));
            params.addAll(owned.params());
            Sql others = new Sql("SELECT 1 FROM " + table.sqlTable() + " WHERE \"" + table.primaryKey()
                    + "\" = ? AND NOT (" + owned.text() + ")", params);
            if (!store.query(others).isEmpty()) {
                Caller caller = current.get();
                throw DataverseError.PRIVILEGE_DENIED.withMessage("Principal user (Id=" + caller.userId()
                        + ", type=8) holds " + table.privilege(verb) + " at user level only and does not own "
                        + table.logicalName() + " With Id = " + id + ".");
            }
        }
    }

    /** Whether row {@code id} exists, for an upsert that may create it. */
    public boolean exists(TableDef table, UUID id) {
        return !store.query(Sql.of("SELECT 1 FROM " + table.sqlTable() + " WHERE \"" + table.primaryKey()
                + "\" = ?", id)).isEmpty();
    }

    private void checkBinds(RecordChange change) {
        for (RecordChange.Bind bind : change.binds()) {
            require(change.table(), Privileges.APPEND);
            registry.byLogicalName(bind.target().table())
                    .ifPresent(target -> checkRecord(target, Privileges.APPEND_TO, bind.id()));
        }
    }

    /** The SQL condition "this row is the caller's" for a user-owned table. */
    private Sql ownedByCaller(TableDef table) {
        TableDef.Ownership ownership = table.ownership().orElseThrow();
        UUID owner = current.get().userId();
        if (ownership.direct()) {
            return Sql.of("\"" + ownership.ownerColumn() + "\" = ?", owner);
        }
        TableDef parent = registry.require(ownership.parentTable());
        return Sql.of("\"" + ownership.parentKey() + "\" IN (SELECT \"" + parent.primaryKey() + "\" FROM "
                + parent.sqlTable() + " WHERE " + ownedByCaller(parent).text() + ")", owner);
    }

    /** Dataverse's PrivilegeDenied message. */
    static DataverseException missing(Caller caller, String privilege, String table) {
        return DataverseError.PRIVILEGE_DENIED.withMessage("Principal user (Id=" + caller.userId()
                + ", type=8), is missing " + privilege + " privilege" + (table == null ? "" : " for entity '"
                + table + "'") + ".");
    }
}
