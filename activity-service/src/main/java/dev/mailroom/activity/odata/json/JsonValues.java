package dev.mailroom.activity.odata.json;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.error.DataverseException;
import dev.mailroom.activity.odata.model.ColumnDef;

/** Converts one JSON property value to its column's Java value, with Dataverse's errors for a wrong one. */
final class JsonValues {

    private JsonValues() {
    }

    static Object convert(JsonNode value, ColumnDef column, String entity) {
        if (value.isNull()) {
            if (column.required() || column.defaultValue() != null) {
                throw DataverseError.INVALID_ARGUMENT.withMessage("The '" + column.name() + "' column of '" + entity
                        + "' cannot be null.");
            }
            return null;
        }
        return switch (column.type()) {
            case STRING -> text(value, column, entity);
            case INTEGER -> integer(value, column, entity);
            case BIG_INTEGER -> {
                if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                    throw wrongType(value, column, entity);
                }
                yield value.longValue();
            }
            case BOOLEAN -> {
                if (!value.isBoolean()) {
                    throw wrongType(value, column, entity);
                }
                yield value.booleanValue();
            }
            case GUID -> guid(value, column, entity);
            case DATE_TIME -> dateTime(value, column, entity);
        };
    }

    private static String text(JsonNode value, ColumnDef column, String entity) {
        if (!value.isTextual()) {
            throw wrongType(value, column, entity);
        }
        String text = value.textValue();
        if (text.length() > column.maxLength()) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("A validation error occurred. The length of the '"
                    + column.name() + "' attribute of the '" + entity + "' entity exceeded the maximum allowed "
                    + "length of '" + column.maxLength() + "'.");
        }
        if (text.indexOf('\0') >= 0) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("The '" + column.name() + "' attribute of the '"
                    + entity + "' entity contains a NUL character, which text columns cannot hold.");
        }
        if (hasLoneSurrogate(text)) {
            // It would be stored as '?': refuse it rather than change the text.
            throw DataverseError.INVALID_ARGUMENT.withMessage("The '" + column.name() + "' attribute of the '"
                    + entity + "' entity is not valid Unicode text.");
        }
        return text;
    }

    private static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static Integer integer(JsonNode value, ColumnDef column, String entity) {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw wrongType(value, column, entity);
        }
        int number = value.intValue();
        boolean inRange = column.isChoice() ? column.options().containsKey(number)
                : (column.minValue() == null || number >= column.minValue())
                        && (column.maxValue() == null || number <= column.maxValue());
        if (!inRange) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("A validation error occurred. The value " + number
                    + " of '" + column.name() + "' on record of type '" + entity + "' is outside the valid range.");
        }
        return number;
    }

    private static UUID guid(JsonNode value, ColumnDef column, String entity) {
        try {
            if (value.isTextual() && value.textValue().length() == 36) {
                return UUID.fromString(value.textValue());
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw wrongType(value, column, entity);
    }

    /** ISO 8601 with an offset, or a date (midnight UTC); years 1753 to 9999, as Dataverse stores them. */
    private static Instant dateTime(JsonNode value, ColumnDef column, String entity) {
        if (value.isTextual()) {
            try {
                String text = value.textValue();
                OffsetDateTime parsed = text.length() == 10
                        ? LocalDate.parse(text).atStartOfDay().atOffset(ZoneOffset.UTC) : OffsetDateTime.parse(text);
                if (parsed.getYear() >= 1753 && parsed.getYear() <= 9999) {
                    return parsed.toInstant();
                }
            } catch (DateTimeParseException e) {
                // answered below
            }
        }
        throw wrongType(value, column, entity);
    }

    private static DataverseException wrongType(JsonNode value, ColumnDef column, String entity) {
        String shown = value.isTextual() ? "'" + abbreviate(value.textValue()) + "'" : abbreviate(value.toString());
        return BodyReader.payloadError(entity, "Cannot convert the literal " + shown + " to the expected type '"
                + column.type().edmType() + "' of property '" + column.name() + "'.");
    }

    private static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
