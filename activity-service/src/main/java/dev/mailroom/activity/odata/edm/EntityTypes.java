package dev.mailroom.activity.odata.edm;

import java.util.ArrayList;
import java.util.List;

import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeKind;
import org.apache.olingo.commons.api.edm.provider.CsdlEntityType;
import org.apache.olingo.commons.api.edm.provider.CsdlNavigationProperty;
import org.apache.olingo.commons.api.edm.provider.CsdlProperty;
import org.apache.olingo.commons.api.edm.provider.CsdlPropertyRef;

import dev.mailroom.activity.odata.model.ColumnDef;
import dev.mailroom.activity.odata.model.LookupDef;
import dev.mailroom.activity.odata.model.RelationDef;
import dev.mailroom.activity.odata.model.TableDef;
import dev.mailroom.activity.odata.model.TableRegistry;

/** Turns a {@link TableDef} into its CSDL entity type: columns, {@code _x_value} lookups and navigations. */
final class EntityTypes {

    private final TableRegistry registry;

    EntityTypes(TableRegistry registry) {
        this.registry = registry;
    }

    CsdlEntityType entityType(TableDef table) {
        List<CsdlProperty> properties = new ArrayList<>();
        for (ColumnDef column : table.columns()) {
            CsdlProperty property = new CsdlProperty().setName(column.name())
                    .setType(column.type().edmType())
                    .setNullable(!column.name().equals(table.primaryKey()));
            if (column.maxLength() > 0) {
                property.setMaxLength(column.maxLength());
            }
            properties.add(property);
        }
        List<CsdlNavigationProperty> navigations = new ArrayList<>();
        for (LookupDef lookup : table.lookups()) {
            properties.add(new CsdlProperty().setName(lookup.valueProperty())
                    .setType(EdmPrimitiveTypeKind.Guid.getFullQualifiedName()));
            for (LookupDef.Target target : lookup.targets()) {
                if (registry.byLogicalName(target.table()).isPresent()) {
                    navigations.add(new CsdlNavigationProperty().setName(target.navigation())
                            .setType(TablesEdmProvider.fqn(target.table())).setNullable(true));
                }
            }
        }
        for (RelationDef relation : table.relations()) {
            navigations.add(new CsdlNavigationProperty().setName(relation.name())
                    .setType(TablesEdmProvider.fqn(relation.childTable())).setCollection(true));
        }
        return new CsdlEntityType().setName(table.logicalName())
                .setKey(List.of(new CsdlPropertyRef().setName(table.primaryKey())))
                .setProperties(properties)
                .setNavigationProperties(navigations);
    }
}
