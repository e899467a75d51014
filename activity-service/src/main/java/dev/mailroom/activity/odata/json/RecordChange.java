package dev.mailroom.activity.odata.json;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.mailroom.activity.odata.model.LookupDef;
import dev.mailroom.activity.odata.model.RelationDef;
import dev.mailroom.activity.odata.model.TableDef;

/**
 * A request body read against its table: column values (typed and checked), lookups to bind, and the child rows of
 * a deep insert.
 */
public record RecordChange(TableDef table, Map<String, Object> values, List<Bind> binds,
        Map<RelationDef, List<RecordChange>> children) {

    /** {@code <navigation>@odata.bind}: point {@code lookup} at row {@code id} of {@code target}'s table. */
    public record Bind(LookupDef lookup, LookupDef.Target target, UUID id) {
    }
}
