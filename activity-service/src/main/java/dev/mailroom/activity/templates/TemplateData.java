package dev.mailroom.activity.templates;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.activity.odata.model.ColumnDef;
import dev.mailroom.activity.odata.model.LookupDef;
import dev.mailroom.activity.odata.model.TableDef;
import dev.mailroom.activity.odata.model.TableRegistry;
import dev.mailroom.activity.odata.sql.RecordStore;
import dev.mailroom.activity.odata.sql.Sql;
import dev.mailroom.templating.DataRecord;

/**
 * Reads the records a template renders against and turns them into {@code <data>} elements: every readable column
 * by its logical name (write-only columns such as passwords never), a choice with its label and a lookup with its
 * record's name as {@code @name}, booleans as {@code true}/{@code false} named Yes/No.
 */
@ApplicationScoped
public class TemplateData {

    private final RecordStore store;
    private final TableRegistry registry;

    public TemplateData(RecordStore store, TableRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    /** The row of {@code table} with this id, all its columns, or empty. */
    public Optional<Map<String, Object>> row(TableDef table, UUID id) {
        List<Map<String, Object>> rows = store.query(new Sql("SELECT * FROM " + table.sqlTable() + " WHERE "
                + table.primaryKey() + " = ?", List.of(id)));
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    public DataRecord record(TableDef table, Map<String, Object> row) {
        DataRecord.Builder record = DataRecord.of(table.logicalName());
        for (ColumnDef column : table.columns()) {
            Object value = row.get(column.name());
            if (!column.isReadable() || value == null) {
                continue;
            }
            if (column.isChoice()) {
                record.setFormatted(column.name(), value, column.options().get(((Number) value).intValue()));
            } else if (value instanceof Boolean flag) {
                record.setFormatted(column.name(), flag, flag ? "Yes" : "No");
            } else {
                record.set(column.name(), value);
            }
        }
        for (LookupDef lookup : table.lookups()) {
            if (row.get(lookup.name()) instanceof UUID id) {
                record.setLookup(lookup.name(), id, lookupName(lookup, row, id));
            }
        }
        return record.build();
    }

    /** The primary name of the record a lookup points at (one indexed read per lookup that is set). */
    private String lookupName(LookupDef lookup, Map<String, Object> row, UUID id) {
        String table = lookup.typeColumn() != null && row.get(lookup.typeColumn()) instanceof String type ? type
                : lookup.targets().get(0).table();
        Optional<TableDef> target = registry.byLogicalName(table);
        if (target.isEmpty() || target.get().primaryName() == null) {
            return null;
        }
        List<Map<String, Object>> names = store.query(new Sql("SELECT " + target.get().primaryName() + " FROM "
                + target.get().sqlTable() + " WHERE " + target.get().primaryKey() + " = ?", List.of(id)));
        Object name = names.isEmpty() ? null : names.get(0).get(target.get().primaryName());
        return name == null ? null : name.toString();
    }
}
