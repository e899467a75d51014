package dev.mailroom.activity.odata.json;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.odata.model.OperationDef;

/** Reads an action's JSON body against its declared parameters: names, types and which may be left out. */
public final class OperationParameters {

    private OperationParameters() {
    }

    public static Map<String, Object> read(OperationDef operation, JsonNode body) {
        Map<String, Object> values = new HashMap<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (name.startsWith("@")) {
                continue;
            }
            OperationDef.Parameter parameter = operation.parameters().stream()
                    .filter(p -> p.name().equals(name)).findFirst()
                    .orElseThrow(() -> DataverseError.QUERY_SYNTAX.withMessage("The parameter '" + name
                            + "' in the request payload is not a valid parameter for the operation '"
                            + operation.name() + "'."));
            values.put(name, value(operation, parameter, body.get(name)));
        }
        for (OperationDef.Parameter parameter : operation.parameters()) {
            if (!parameter.nullable() && values.get(parameter.name()) == null) {
                throw DataverseError.INVALID_ARGUMENT.withMessage("Required field '" + parameter.name()
                        + "' is missing for RequestName='" + operation.name() + "'.");
            }
        }
        return values;
    }

    private static Object value(OperationDef operation, OperationDef.Parameter parameter, JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        boolean ok = switch (parameter.edmType()) {
            case "Edm.Boolean" -> value.isBoolean();
            case "Edm.String" -> value.isTextual();
            case "Edm.Int32" -> value.isInt();
            case "Edm.Guid" -> value.isTextual() && isGuid(value.textValue());
            case "Edm.Int64" -> value.isIntegralNumber();
            case "Edm.Binary" -> value.isTextual();
            case "Edm.DateTimeOffset" -> value.isTextual() && isDateTime(value.textValue());
            default -> value.isObject() || value.isArray();
        };
        if (!ok) {
            throw BodyReader.payloadError(operation.name(), "Cannot convert the literal '" + value
                    + "' to the expected type '" + parameter.edmType() + "' of parameter '" + parameter.name()
                    + "'.");
        }
        return switch (parameter.edmType()) {
            case "Edm.Boolean" -> value.booleanValue();
            case "Edm.String" -> value.textValue();
            case "Edm.Int32" -> value.intValue();
            case "Edm.Guid" -> UUID.fromString(value.textValue());
            case "Edm.Int64" -> value.longValue();
            case "Edm.Binary" -> value.textValue();
            case "Edm.DateTimeOffset" -> java.time.OffsetDateTime.parse(value.textValue()).toInstant();
            default -> value;
        };
    }

    private static boolean isDateTime(String text) {
        try {
            java.time.OffsetDateTime.parse(text);
            return true;
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isGuid(String text) {
        try {
            return text.length() == 36 && UUID.fromString(text) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
