package dev.mailroom.activity.odata.uri;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import dev.mailroom.activity.error.DataverseError;

/**
 * Bounds what a {@code $filter} may cost before the OData parser (which recurses per nesting level) sees it: its
 * length, how deeply it nests and how many conditions it joins. Dataverse bounds filters too (a URL of at most
 * 32 KB, a limited number of conditions); these numbers are ours and documented in docs/security.md.
 */
final class FilterLimits {

    /** Characters of one decoded $filter. */
    static final int MAX_LENGTH = 8_000;
    /** Nested parentheses. */
    static final int MAX_DEPTH = 25;
    /** Logical operators (and, or, not) and lambda operators (any, all). */
    static final int MAX_OPERATORS = 250;

    private FilterLimits() {
    }

    static void check(String rawQuery) {
        if (rawQuery == null) {
            return;
        }
        for (String option : rawQuery.split("&")) {
            int equals = option.indexOf('=');
            if (equals < 0) {
                continue;
            }
            String name = option.substring(0, equals).replace("%24", "$");
            if (!name.equalsIgnoreCase("$filter") && !name.toLowerCase(Locale.ROOT).startsWith("$expand")) {
                continue;
            }
            String value;
            try {
                value = URLDecoder.decode(option.substring(equals + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw DataverseError.QUERY_SYNTAX.withMessage("The query option '" + name + "' is not correctly "
                        + "percent-encoded.");
            }
            checkValue(name, value);
        }
    }

    private static void checkValue(String name, String value) {
        if (value.length() > MAX_LENGTH) {
            throw DataverseError.QUERY_SYNTAX.withMessage("The " + name + " query option is longer than "
                    + MAX_LENGTH + " characters.");
        }
        int depth = 0;
        int deepest = 0;
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                deepest = Math.max(deepest, ++depth);
            } else if (!quoted && c == ')') {
                depth--;
            }
        }
        if (deepest > MAX_DEPTH) {
            throw DataverseError.QUERY_SYNTAX.withMessage("The " + name + " query option nests deeper than "
                    + MAX_DEPTH + " levels.");
        }
        String lower = " " + value.toLowerCase(Locale.ROOT).replace('(', ' ').replace(')', ' ') + " ";
        int operators = count(lower, " and ") + count(lower, " or ") + count(lower, " not ") + count(lower, ":");
        if (operators > MAX_OPERATORS) {
            throw DataverseError.QUERY_SYNTAX.withMessage("The " + name + " query option joins more than "
                    + MAX_OPERATORS + " conditions.");
        }
    }

    private static int count(String text, String word) {
        int count = 0;
        for (int at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length() - 1)) {
            count++;
        }
        return count;
    }
}
