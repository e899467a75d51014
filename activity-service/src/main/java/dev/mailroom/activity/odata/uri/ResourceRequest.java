package dev.mailroom.activity.odata.uri;

import java.util.Map;
import java.util.UUID;

import dev.mailroom.activity.odata.model.ColumnDef;
import dev.mailroom.activity.odata.model.OperationDef;
import dev.mailroom.activity.odata.model.TableDef;
import dev.mailroom.activity.odata.sql.ReadQuery;

/**
 * What a Web API URL addresses, in our terms (no Olingo type leaves this package).
 *
 * @param key the record's id for ENTITY, PROPERTY and bound OPERATION requests
 * @param property the column of a PROPERTY request ({@code emails(<id>)/subject})
 * @param rawValue whether a PROPERTY request ends in {@code /$value}
 * @param query the checked query options of a read
 * @param skipToken the opaque {@code $skiptoken} of a next page, or null
 * @param functionParameters the parameters of a function call, as URI literals
 */
public record ResourceRequest(Kind kind, TableDef table, UUID key, ColumnDef property, boolean rawValue,
        OperationDef operation, ReadQuery query, String skipToken, Map<String, String> functionParameters) {

    /** The kinds of resource the Web API serves. */
    public enum Kind {
        SERVICE_DOCUMENT, METADATA, BATCH, COLLECTION, ENTITY, PROPERTY, COUNT, OPERATION
    }
}
