package dev.mailroom.activity.odata.sql;

import java.util.List;

import dev.mailroom.activity.odata.model.ColumnDef;
import dev.mailroom.activity.odata.model.LookupDef;
import dev.mailroom.activity.odata.model.TableDef;

/**
 * A read of one table as the URL asked for it, already checked against the declarations: the columns and lookups
 * to return, the filter as SQL, the order (the primary key always last, which makes it a total order for keyset
 * paging), {@code $top}, {@code $count} and the expansions.
 */
public record ReadQuery(TableDef table, List<ColumnDef> columns, List<LookupDef> lookups, Sql where,
        List<SortKey> orderBy, Integer top, boolean count, List<Expansion> expansions) {

    /** An expanded navigation: a relation (collection) or one target of a lookup (single record). */
    public record Expansion(String navigation, String foreignKey, boolean collection, ReadQuery query) {
    }

    /** A fingerprint of what decides the rows and their order: a skip token is only valid for the same one. */
    public String shapeHash() {
        StringBuilder shape = new StringBuilder(table.logicalName()).append('|').append(where.text());
        where.params().forEach(param -> shape.append('|').append(param));
        orderBy.forEach(key -> shape.append('|').append(key.column()).append(key.descending() ? "-" : "+"));
        return Integer.toHexString(shape.toString().hashCode());
    }
}
