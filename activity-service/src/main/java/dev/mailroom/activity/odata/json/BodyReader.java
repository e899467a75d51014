package dev.mailroom.activity.odata.json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.error.DataverseException;
import dev.mailroom.activity.odata.model.ColumnDef;
import dev.mailroom.activity.odata.model.LookupDef;
import dev.mailroom.activity.odata.model.RelationDef;
import dev.mailroom.activity.odata.model.TableDef;
import dev.mailroom.activity.odata.model.TableRegistry;

/**
 * Reads a create or update body against the table's declarations, with Jackson in strict mode (duplicate keys and
 * anything after the document are errors). Unknown properties, wrong types, over-long text and binds to the wrong
 * table get Dataverse's error codes; read-only columns and annotations a client echoes back are ignored.
 */
public final class BodyReader {

    /** The most child rows one deep insert may carry (e.g. an email's parties). */
    public static final int MAX_CHILDREN = 500;

    private static final Pattern BIND_TARGET =
            Pattern.compile("^(?:.*/)?([A-Za-z_][A-Za-z0-9_]*)\\(\\{?([0-9A-Fa-f-]{36})\\}?\\)$");

    private final TableRegistry registry;
    private final ObjectReader reader;

    public BodyReader(TableRegistry registry, ObjectMapper mapper) {
        this.registry = registry;
        this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).forType(JsonNode.class);
    }

    public JsonNode parseObject(String body, String entity) {
        if (body == null || body.isBlank()) {
            throw payloadError(entity, "The request body is empty.");
        }
        try {
            JsonNode node = reader.readValue(body);
            if (node == null || !node.isObject()) {
                throw payloadError(entity, "The request body must be a JSON object.");
            }
            return node;
        } catch (JsonParseException e) {
            throw payloadError(entity, "The request body is not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ").");
        } catch (IOException e) {
            throw payloadError(entity, "The request body is not valid JSON.");
        }
    }

    public RecordChange read(TableDef table, JsonNode body) {
        Map<String, Object> values = new LinkedHashMap<>();
        List<RecordChange.Bind> binds = new ArrayList<>();
        Map<RelationDef, List<RecordChange>> children = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = body.properties().iterator(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (name.endsWith("@odata.bind")) {
                binds.add(bind(table, name.substring(0, name.length() - "@odata.bind".length()), field.getValue()));
            } else if (name.contains("@") || table.lookupByValueProperty(name).isPresent()) {
                continue; // annotations and _x_value read back from a GET: informational only
            } else if (table.relation(name).isPresent()) {
                RelationDef relation = table.relation(name).get();
                children.put(relation, children(relation, field.getValue(), table.logicalName()));
            } else {
                ColumnDef column = table.column(name).orElseThrow(() -> unknownProperty(name, table.logicalName()));
                Object value = JsonValues.convert(field.getValue(), column, table.logicalName());
                if (column.isWritable()) {
                    values.put(name, value);
                }
            }
        }
        return new RecordChange(table, values, binds, children);
    }

    private List<RecordChange> children(RelationDef relation, JsonNode value, String entity) {
        if (!relation.deepInsert()) {
            throw DataverseError.NOT_IMPLEMENTED.withMessage("Deep insert through '" + relation.name()
                    + "' is not supported.");
        }
        if (!value.isArray()) {
            throw payloadError(entity, "'" + relation.name() + "' must be an array of objects.");
        }
        if (value.size() > MAX_CHILDREN) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("'" + relation.name() + "' can hold at most "
                    + MAX_CHILDREN + " records in one request; it has " + value.size() + ".");
        }
        TableDef child = registry.require(relation.childTable());
        List<RecordChange> rows = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isObject()) {
                throw payloadError(child.logicalName(), "Each item of '" + relation.name() + "' must be an object.");
            }
            rows.add(read(child, item));
        }
        return rows;
    }

    private RecordChange.Bind bind(TableDef table, String navigation, JsonNode value) {
        LookupDef lookup = table.lookupByNavigation(navigation)
                .orElseThrow(() -> unknownProperty(navigation, table.logicalName()));
        LookupDef.Target target = lookup.targetByNavigation(navigation).orElseThrow();
        if (lookup.readOnly()) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("'" + navigation + "' cannot be set by a client.");
        }
        Matcher matcher = value.isTextual() ? BIND_TARGET.matcher(value.textValue()) : null;
        if (matcher == null || !matcher.matches()) {
            throw DataverseError.BAD_BIND.withMessage("'" + navigation + "@odata.bind' must be a record URL such "
                    + "as /" + registry.require(target.table()).entitySet() + "(<guid>).");
        }
        TableDef targetTable = registry.require(target.table());
        if (!targetTable.entitySet().equals(matcher.group(1))) {
            throw DataverseError.BAD_BIND.withMessage("'" + navigation + "' points at " + targetTable.entitySet()
                    + ", not at " + matcher.group(1) + ".");
        }
        try {
            return new RecordChange.Bind(lookup, target, UUID.fromString(matcher.group(2)));
        } catch (IllegalArgumentException e) {
            throw DataverseError.BAD_BIND.withMessage("'" + matcher.group(2) + "' is not a valid GUID.");
        }
    }

    static DataverseException payloadError(String entity, String detail) {
        return DataverseError.PAYLOAD_ERROR.withMessage("Error identified in Payload provided by the user for Entity "
                + ":'" + entity + "'. " + detail);
    }

    private static DataverseException unknownProperty(String name, String entity) {
        return DataverseError.UNKNOWN_PROPERTY.withMessage("The property '" + name + "' does not exist on type "
                + "'Microsoft.Dynamics.CRM." + entity + "'. Make sure to only use property names that are defined "
                + "by the type or mark the type as open type.");
    }
}
