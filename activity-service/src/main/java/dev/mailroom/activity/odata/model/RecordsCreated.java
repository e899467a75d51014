package dev.mailroom.activity.odata.model;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A CDI event the engine fires, inside the writing transaction, once for the rows of one table it created
 * together (one request's, or a group commit's): listeners that append an event per row can write them all in
 * one statement. Each row is given as written, so a listener need not read it back.
 */
public record RecordsCreated(String table, List<Row> rows) {

    /**
     * @param values the row's columns as inserted
     * @param children the rows of each relation created with it (deep insert), by relation name, in request order
     * @param traceparent the W3C trace of the request that created it (a group commit runs on another thread)
     */
    public record Row(UUID id, Map<String, Object> values, Map<String, List<Map<String, Object>>> children,
            String traceparent) {
    }
}
