package dev.mailroom.activity.odata.uri;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.odata.model.ColumnDef;
import dev.mailroom.activity.odata.model.ColumnType;
import dev.mailroom.activity.odata.model.TableDef;

/** Resolves a property named in $filter or $orderby to the declared column behind it (a lookup's id column). */
final class ColumnResolver {

    private ColumnResolver() {
    }

    static Operand.Column filterable(TableDef table, String property) {
        return table.lookupByValueProperty(property)
                .map(lookup -> new Operand.Column(lookup.name(), ColumnType.GUID))
                .orElseGet(() -> {
                    ColumnDef column = table.column(property).orElseThrow(() -> unknown(table, property));
                    if (!column.queryable()) {
                        throw DataverseError.QUERY_SYNTAX.withMessage("The column '" + property + "' of '"
                                + table.logicalName() + "' cannot be used in $filter or $orderby.");
                    }
                    return new Operand.Column(column.name(), column.type());
                });
    }

    static RuntimeException unknown(TableDef table, String property) {
        return DataverseError.QUERY_SYNTAX.withMessage("Could not find a property named '" + property
                + "' on type 'Microsoft.Dynamics.CRM." + table.logicalName() + "'.");
    }
}
