package dev.mailroom.activity.service;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.mailroom.activity.odata.model.RelationDef;
import dev.mailroom.activity.odata.model.TableDef;

/**
 * A create checked and ready to write: the row's values (defaults, binds and derived columns applied), and the
 * rows of a deep insert by relation. Writing it can no longer fail on the request's content, only on the store.
 */
public record PreparedCreate(TableDef table, UUID id, Map<String, Object> values,
        Map<RelationDef, List<Map<String, Object>>> children, Map<String, List<Map<String, Object>>> childrenByName,
        String traceparent) {
}
