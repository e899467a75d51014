package dev.mailroom.activity.odata.uri;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.odata.model.ColumnType;

/**
 * Converts a URI literal to the Java value of the column it is compared with. The column decides the type, not the
 * literal: Olingo types {@code 1} as Edm.SByte and {@code null} as nothing.
 */
public final class LiteralValues {

    private LiteralValues() {
    }

    public static Object convert(String text, ColumnType type, String column) {
        try {
            return switch (type) {
                case STRING -> unquote(text, column);
                case GUID -> UUID.fromString(stripQuotes(text));
                case INTEGER -> Math.toIntExact(Long.parseLong(text));
                case BIG_INTEGER -> Long.parseLong(text);
                case BOOLEAN -> parseBoolean(text);
                case DATE_TIME -> parseDateTime(stripQuotes(text));
            };
        } catch (IllegalArgumentException | ArithmeticException | DateTimeParseException e) {
            throw DataverseError.QUERY_SYNTAX.withMessage("The literal '" + text + "' is not a valid "
                    + type.edmType() + " value for '" + column + "'.");
        }
    }

    private static String unquote(String text, String column) {
        if (text.length() < 2 || !text.startsWith("'") || !text.endsWith("'")) {
            throw DataverseError.QUERY_SYNTAX.withMessage("'" + column + "' is an Edm.String: compare it with a "
                    + "quoted literal such as 'text', not " + text + ".");
        }
        return text.substring(1, text.length() - 1).replace("''", "'");
    }

    private static String stripQuotes(String text) {
        return text.length() >= 2 && text.startsWith("'") && text.endsWith("'")
                ? text.substring(1, text.length() - 1) : text;
    }

    private static Boolean parseBoolean(String text) {
        if (!"true".equals(text) && !"false".equals(text)) {
            throw new IllegalArgumentException(text);
        }
        return Boolean.valueOf(text);
    }

    /** Dataverse accepts a date ({@code 2024-05-01}, midnight UTC) where a date-time is expected. */
    private static OffsetDateTime parseDateTime(String text) {
        if (text.length() == 10) {
            return LocalDate.parse(text).atStartOfDay().atOffset(ZoneOffset.UTC);
        }
        return OffsetDateTime.parse(text);
    }
}
