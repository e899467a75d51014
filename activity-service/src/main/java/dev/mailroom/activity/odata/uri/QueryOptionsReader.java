package dev.mailroom.activity.odata.uri;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.olingo.server.api.uri.UriInfo;
import org.apache.olingo.server.api.uri.UriResource;
import org.apache.olingo.server.api.uri.UriResourceNavigation;
import org.apache.olingo.server.api.uri.UriResourceProperty;
import org.apache.olingo.server.api.uri.queryoption.CountOption;
import org.apache.olingo.server.api.uri.queryoption.ExpandItem;
import org.apache.olingo.server.api.uri.queryoption.ExpandOption;
import org.apache.olingo.server.api.uri.queryoption.FilterOption;
import org.apache.olingo.server.api.uri.queryoption.OrderByItem;
import org.apache.olingo.server.api.uri.queryoption.OrderByOption;
import org.apache.olingo.server.api.uri.queryoption.SelectItem;
import org.apache.olingo.server.api.uri.queryoption.SelectOption;
import org.apache.olingo.server.api.uri.queryoption.SkipOption;
import org.apache.olingo.server.api.uri.queryoption.TopOption;
import org.apache.olingo.server.api.uri.queryoption.expression.Member;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.odata.model.ColumnDef;
import dev.mailroom.activity.odata.model.LookupDef;
import dev.mailroom.activity.odata.model.RelationDef;
import dev.mailroom.activity.odata.model.TableDef;
import dev.mailroom.activity.odata.model.TableRegistry;
import dev.mailroom.activity.odata.sql.ReadQuery;
import dev.mailroom.activity.odata.sql.SortKey;
import dev.mailroom.activity.odata.sql.Sql;

/** Turns Olingo's parsed query options ($select, $filter, $orderby, $top, $count, $expand) into a ReadQuery. */
final class QueryOptionsReader {

    /** Dataverse's largest page and largest $top. */
    static final int MAX_ROWS = 5000;

    private final TableRegistry registry;

    QueryOptionsReader(TableRegistry registry) {
        this.registry = registry;
    }

    /** The options of a URL or of one $expand item: the same set, on two Olingo types without a common one. */
    private record Options(SelectOption select, FilterOption filter, OrderByOption orderBy, TopOption top,
            CountOption count, ExpandOption expand, SkipOption skip) {
    }

    ReadQuery read(TableDef table, UriInfo uriInfo, Map<String, String> aliases) {
        return read(table, new Options(uriInfo.getSelectOption(), uriInfo.getFilterOption(),
                uriInfo.getOrderByOption(), uriInfo.getTopOption(), uriInfo.getCountOption(),
                uriInfo.getExpandOption(), uriInfo.getSkipOption()), aliases, true);
    }

    private ReadQuery read(TableDef table, Options options, Map<String, String> aliases, boolean topLevel) {
        if (options.skip() != null) {
            throw DataverseError.QUERY_SYNTAX.withMessage("The query parameter $skip is not supported.");
        }
        List<ColumnDef> columns = new ArrayList<>();
        List<LookupDef> lookups = new ArrayList<>();
        select(table, options.select(), columns, lookups);
        Sql where = options.filter() == null ? Sql.TRUE
                : new FilterTranslator(table, aliases).translate(options.filter().getExpression());
        Integer top = null;
        if (options.top() != null) {
            top = options.top().getValue();
            if (top < 1 || top > MAX_ROWS) {
                throw DataverseError.QUERY_SYNTAX.withMessage("The $top query option must be between 1 and "
                        + MAX_ROWS + ".");
            }
        }
        boolean count = options.count() != null && options.count().getValue();
        List<ReadQuery.Expansion> expansions = options.expand() == null ? List.of()
                : expand(table, options.expand(), aliases, topLevel);
        return new ReadQuery(table, columns, lookups, where, orderBy(table, options.orderBy()), top, count,
                expansions);
    }

    private static void select(TableDef table, SelectOption select, List<ColumnDef> columns,
            List<LookupDef> lookups) {
        if (select == null || select.getSelectItems().stream().anyMatch(SelectItem::isStar)) {
            table.columns().stream().filter(ColumnDef::isReadable)
                    .filter(column -> !table.rules().filledOnRead().contains(column.name())).forEach(columns::add);
            lookups.addAll(table.lookups());
            return;
        }
        Set<String> names = new LinkedHashSet<>();
        for (SelectItem item : select.getSelectItems()) {
            List<UriResource> parts = item.getResourcePath().getUriResourceParts();
            if (parts.size() != 1 || !(parts.get(0) instanceof UriResourceProperty property)) {
                throw DataverseError.QUERY_SYNTAX.withMessage("$select takes column names; use $expand for "
                        + "navigation properties.");
            }
            names.add(property.getProperty().getName());
        }
        for (String name : names) {
            var lookup = table.lookupByValueProperty(name);
            if (lookup.isPresent()) {
                lookups.add(lookup.get());
                continue;
            }
            ColumnDef column = table.column(name).filter(ColumnDef::isReadable)
                    .orElseThrow(() -> ColumnResolver.unknown(table, name));
            columns.add(column);
        }
    }

    private static List<SortKey> orderBy(TableDef table, OrderByOption orderBy) {
        List<SortKey> keys = new ArrayList<>();
        if (orderBy != null) {
            for (OrderByItem item : orderBy.getOrders()) {
                if (!(item.getExpression() instanceof Member member)
                        || member.getResourcePath().getUriResourceParts().size() != 1
                        || !(member.getResourcePath().getUriResourceParts().get(0)
                                instanceof UriResourceProperty property)) {
                    throw DataverseError.QUERY_SYNTAX.withMessage("$orderby takes column names, each optionally "
                            + "followed by asc or desc.");
                }
                Operand.Column column = ColumnResolver.filterable(table, property.getProperty().getName());
                keys.add(new SortKey(column.name(), column.type(), item.isDescending(),
                        !table.isNeverNull(column.name())));
            }
        }
        // The primary key last makes the order total, which keyset paging needs.
        if (keys.stream().noneMatch(key -> key.column().equals(table.primaryKey()))) {
            keys.add(new SortKey(table.primaryKey(), dev.mailroom.activity.odata.model.ColumnType.GUID, false, false));
        }
        return keys;
    }

    private List<ReadQuery.Expansion> expand(TableDef table, ExpandOption expand, Map<String, String> aliases,
            boolean topLevel) {
        if (!topLevel) {
            throw DataverseError.NOT_IMPLEMENTED.withMessage("A $expand inside a $expand is not supported.");
        }
        List<ReadQuery.Expansion> expansions = new ArrayList<>();
        for (ExpandItem item : expand.getExpandItems()) {
            if (item.isStar() || item.getResourcePath() == null) {
                throw DataverseError.NOT_IMPLEMENTED.withMessage("$expand=* is not supported; name the navigation "
                        + "properties.");
            }
            List<UriResource> parts = item.getResourcePath().getUriResourceParts();
            if (!(parts.get(parts.size() - 1) instanceof UriResourceNavigation navigation)) {
                throw DataverseError.QUERY_SYNTAX.withMessage("$expand takes navigation properties.");
            }
            String name = navigation.getProperty().getName();
            Options nested = new Options(item.getSelectOption(), item.getFilterOption(), item.getOrderByOption(),
                    item.getTopOption(), item.getCountOption(), item.getExpandOption(), item.getSkipOption());
            expansions.add(expansion(table, name, nested, aliases));
        }
        return expansions;
    }

    private ReadQuery.Expansion expansion(TableDef table, String name, Options nested, Map<String, String> aliases) {
        RelationDef relation = table.relation(name).orElse(null);
        if (relation != null) {
            TableDef child = registry.require(relation.childTable());
            return new ReadQuery.Expansion(name, relation.foreignKey(), true, read(child, nested, aliases, false));
        }
        LookupDef lookup = table.lookupByNavigation(name).orElseThrow(() -> ColumnResolver.unknown(table, name));
        TableDef target = registry.require(lookup.targetByNavigation(name).orElseThrow().table());
        if (nested.filter() != null || nested.orderBy() != null || nested.top() != null) {
            throw DataverseError.QUERY_SYNTAX.withMessage("Only $select applies to the single-valued navigation "
                    + "property '" + name + "'.");
        }
        return new ReadQuery.Expansion(name, lookup.name(), false, read(target, nested, aliases, false));
    }
}
