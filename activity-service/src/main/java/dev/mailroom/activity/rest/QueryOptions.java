package dev.mailroom.activity.rest;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/** The parts of an OData request URL this API reads: record keys, {@code $select} and {@code $expand}. */
final class QueryOptions {

    private QueryOptions() {
    }

    /** A record key as clients write it: a bare GUID, or one in braces. */
    static UUID guidKey(String raw) {
        String key = raw.trim();
        if (key.startsWith("{") && key.endsWith("}")) {
            key = key.substring(1, key.length() - 1);
        }
        try {
            if (key.length() != 36) {
                throw new IllegalArgumentException(key);
            }
            return UUID.fromString(key);
        } catch (IllegalArgumentException e) {
            throw DataverseError.QUERY_SYNTAX.withMessage("Bad Request - Error in query syntax. '" + raw
                    + "' is not a valid GUID key.");
        }
    }

    static Set<String> select(String select) {
        Set<String> columns = new LinkedHashSet<>();
        if (select == null || select.isBlank()) {
            return columns;
        }
        for (String column : select.split(",")) {
            String name = column.trim();
            if (!EmailActivityResponse.COLUMNS.contains(name)) {
                throw DataverseError.QUERY_SYNTAX.withMessage("Could not find a property named '" + name
                        + "' on type '" + EmailRequestReader.EMAIL_TYPE + "'.");
            }
            columns.add(name);
        }
        return columns;
    }

    /** Only {@code email_activity_parties} can be expanded so far; anything else is refused, not ignored. */
    static boolean expandParties(String expand) {
        if (expand == null || expand.isBlank()) {
            return false;
        }
        boolean parties = false;
        for (String item : splitTopLevel(expand)) {
            String name = item.trim();
            int options = name.indexOf('(');
            String property = options < 0 ? name : name.substring(0, options);
            if (!property.equals(EmailActivityResponse.PARTIES)) {
                throw DataverseError.QUERY_SYNTAX.withMessage("Could not find a property named '" + property
                        + "' on type '" + EmailRequestReader.EMAIL_TYPE + "'.");
            }
            parties = true;
        }
        return parties;
    }

    /** Splits on commas that are not inside parentheses: {@code a($select=x,y),b} is two items. */
    private static java.util.List<String> splitTopLevel(String value) {
        java.util.List<String> items = new java.util.ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                items.add(value.substring(start, i));
                start = i + 1;
            }
        }
        items.add(value.substring(start));
        return items;
    }
}
