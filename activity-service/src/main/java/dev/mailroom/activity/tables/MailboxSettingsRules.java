package dev.mailroom.activity.tables;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.mailroom.activity.odata.model.LookupDef;
import dev.mailroom.activity.odata.model.RowStore;
import dev.mailroom.activity.odata.model.TableDef;
import dev.mailroom.activity.odata.model.TableRules;

/**
 * The rules of a table routers project (mailbox, systemuser, queue, organization, emailserverprofile): the table's
 * own rules, then every insert, update and delete published as a mailbox settings event in the same transaction,
 * and password columns sealed before they are stored.
 */
final class MailboxSettingsRules implements TableRules {

    private static final List<String> PASSWORD_COLUMNS = List.of("incomingpassword", "outgoingpassword");

    private final String table;
    private final TableRules own;
    private final MailboxSettingsEvents events;

    /** {@code table} with its changes published to routers. */
    static TableDef publishing(TableDef table, MailboxSettingsEvents events) {
        return table.withRules(own -> new MailboxSettingsRules(table.logicalName(), own, events));
    }

    MailboxSettingsRules(String table, TableRules own, MailboxSettingsEvents events) {
        this.table = table;
        this.own = own;
        this.events = events;
    }

    @Override
    public void checkCreate(Map<String, Object> values) {
        own.checkCreate(values);
    }

    @Override
    public void checkUpdate(Map<String, Object> current, Map<String, Object> changes) {
        own.checkUpdate(current, changes);
    }

    @Override
    public void onBind(Map<String, Object> values, LookupDef lookup, String address) {
        own.onBind(values, lookup, address);
    }

    @Override
    public void checkDelete(Map<String, Object> current) {
        own.checkDelete(current);
    }

    @Override
    public void beforeInsert(Map<String, Object> values, Map<String, List<Map<String, Object>>> children) {
        own.beforeInsert(values, children);
        sealPasswords(values);
    }

    @Override
    public void beforeUpdate(Map<String, Object> current, Map<String, Object> changes) {
        own.beforeUpdate(current, changes);
        sealPasswords(changes);
    }

    @Override
    public void afterInsert(UUID id, RowStore store) {
        own.afterInsert(id, store);
        events.changed(table, id, null);
    }

    @Override
    public void afterUpdate(UUID id, RowStore store) {
        own.afterUpdate(id, store);
        events.changed(table, id, null);
    }

    @Override
    public void afterDelete(UUID id, Map<String, Object> deleted) {
        own.afterDelete(id, deleted);
        events.changed(table, id, deleted);
    }

    private void sealPasswords(Map<String, Object> values) {
        for (String column : PASSWORD_COLUMNS) {
            if (values.get(column) != null) {
                values.put(column, events.sealed(values.get(column)));
            }
        }
    }
}
