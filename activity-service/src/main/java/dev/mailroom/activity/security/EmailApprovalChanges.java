package dev.mailroom.activity.security;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.activity.odata.model.TableDef;
import dev.mailroom.activity.odata.sql.RecordStore;
import dev.mailroom.activity.odata.sql.Sql;

/**
 * {@code emailrouteraccessapproval} (on systemuser, queue, mailbox and any table that has it) changes only for a
 * caller holding {@code prvApproveRejectEmailAddress}, and every change is audited in the write's transaction:
 * who (and who acted through them), when, the old and the new value. Creating a row with a value other than the
 * default (0, Empty) is a change too: otherwise creating an approved mailbox would bypass the rule.
 */
@ApplicationScoped
public class EmailApprovalChanges {

    public static final String COLUMN = "emailrouteraccessapproval";

    private final AccessGuard guard;
    private final RecordStore store;
    private final Clock clock = Clock.systemUTC();

    public EmailApprovalChanges(AccessGuard guard, RecordStore store) {
        this.guard = guard;
        this.store = store;
    }

    /** Called with a new row's values (defaults applied) before it is inserted. */
    public void onCreate(TableDef table, UUID id, Map<String, Object> values) {
        if (table.column(COLUMN).isEmpty()) {
            return;
        }
        Object value = values.get(COLUMN);
        if (value != null && ((Number) value).intValue() != 0) {
            change(table, id, null, value);
        }
    }

    /** Called with the locked row and the changes before the update. */
    public void onUpdate(TableDef table, UUID id, Map<String, Object> current, Map<String, Object> changes) {
        if (table.column(COLUMN).isEmpty() || !changes.containsKey(COLUMN)) {
            return;
        }
        Object old = current.get(COLUMN);
        Object value = changes.get(COLUMN);
        if (!Objects.equals(number(old), number(value))) {
            change(table, id, old, value);
        }
    }

    private void change(TableDef table, UUID id, Object old, Object value) {
        guard.require(Privileges.APPROVE_EMAIL_ADDRESS);
        Caller caller = guard.caller();
        store.execute("INSERT INTO emailapprovalaudit (objecttypecode, objectid, changedby, impersonatorid, "
                + "changedon, oldvalue, newvalue) VALUES (?, ?, ?, ?, ?, ?, ?)", java.util.Arrays.asList(
                        table.logicalName(), id, caller.userId(), caller.impersonatorId(),
                        java.sql.Timestamp.from(clock.instant()), number(old), number(value)));
    }

    private static Integer number(Object value) {
        return value == null ? null : ((Number) value).intValue();
    }

    /** For tests and the README: the audit rows of one record, oldest first. */
    public java.util.List<Map<String, Object>> auditOf(UUID id) {
        return store.query(Sql.of("SELECT objecttypecode, changedby, impersonatorid, changedon, oldvalue, newvalue "
                + "FROM emailapprovalaudit WHERE objectid = ? ORDER BY auditid", id));
    }
}
