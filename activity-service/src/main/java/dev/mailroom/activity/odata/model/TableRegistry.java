package dev.mailroom.activity.odata.model;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every table and operation the Web API serves, by entity set and by logical name. */
public final class TableRegistry {

    private final Map<String, TableDef> bySet = new LinkedHashMap<>();
    private final Map<String, TableDef> byLogicalName = new LinkedHashMap<>();
    private final Map<String, OperationDef> operations = new LinkedHashMap<>();

    public TableRegistry(List<TableDef> tables, List<OperationDef> declaredOperations) {
        for (TableDef table : tables) {
            bySet.put(table.entitySet(), table);
            byLogicalName.put(table.logicalName(), table);
        }
        declaredOperations.forEach(operation -> operations.put(operation.name(), operation));
    }

    public Collection<TableDef> tables() {
        return bySet.values();
    }

    public Optional<TableDef> byEntitySet(String entitySet) {
        return Optional.ofNullable(bySet.get(entitySet));
    }

    public Optional<TableDef> byLogicalName(String logicalName) {
        return Optional.ofNullable(byLogicalName.get(logicalName));
    }

    public TableDef require(String logicalName) {
        return byLogicalName(logicalName).orElseThrow(() -> new IllegalStateException("No table " + logicalName));
    }

    public Collection<OperationDef> operations() {
        return operations.values();
    }

    public Optional<OperationDef> operation(String name) {
        return Optional.ofNullable(operations.get(name));
    }
}
