package dev.mailroom.activity.rest;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reading request bodies by hand rather than by data binding: Dataverse answers unknown properties, wrong types
 * and malformed JSON with distinct error codes, which a binder's generic exceptions cannot tell apart.
 */
final class JsonBodies {

    private JsonBodies() {
    }

    static JsonNode parseObject(ObjectMapper mapper, String body, String entity) {
        if (body == null || body.isBlank()) {
            throw payloadError(entity, "The request body is empty.");
        }
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || !node.isObject()) {
                throw payloadError(entity, "The request body must be a JSON object.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw payloadError(entity, "The request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Rejects any property outside {@code known}; OData annotations ({@code @odata.type}...) are allowed. */
    static void requireKnownProperties(JsonNode node, Set<String> known, String type) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
            String name = fields.next().getKey();
            if (!known.contains(name) && !name.startsWith("@")) {
                throw DataverseError.UNKNOWN_PROPERTY.withMessage("The property '" + name
                        + "' does not exist on type '" + type + "'. Make sure to only use property names that are "
                        + "defined by the type or mark the type as open type.");
            }
        }
    }

    static String optionalString(JsonNode node, String name, int maxLength, String entity) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw payloadError(entity, "Cannot convert the literal '" + value + "' to the expected type 'Edm.String' "
                    + "of property '" + name + "'.");
        }
        if (value.textValue().length() > maxLength) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("A validation error occurred. The length of the '"
                    + name + "' attribute of the '" + entity + "' entity exceeded the maximum allowed length of '"
                    + maxLength + "'.");
        }
        return value.textValue();
    }

    static Boolean optionalBoolean(JsonNode node, String name, String entity) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw payloadError(entity, "Cannot convert the literal '" + value + "' to the expected type 'Edm.Boolean' "
                    + "of property '" + name + "'.");
        }
        return value.booleanValue();
    }

    static Integer optionalInt(JsonNode node, String name, String entity) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isInt()) {
            throw payloadError(entity, "Cannot convert the literal '" + value + "' to the expected type 'Edm.Int32' "
                    + "of property '" + name + "'.");
        }
        return value.intValue();
    }

    static DataverseException payloadError(String entity, String detail) {
        return DataverseError.PAYLOAD_ERROR.withMessage("Error identified in Payload provided by the user for Entity :'"
                + entity + "'. " + detail);
    }
}
