package dev.mailroom.activity.odata.uri;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import dev.mailroom.activity.error.DataverseError;

/**
 * Rewrites the Dataverse dialect Olingo's parser refuses into standard OData, in one place: GUID keys in braces,
 * functions called without parentheses ({@code WhoAmI}), {@code +} for a space. It also takes {@code $skiptoken}
 * out (ours is opaque) and refuses {@code $skip}, which Dataverse does not support.
 */
final class DataverseUriNormalizer {

    private static final Pattern BRACED_GUID =
            Pattern.compile("(?:\\{|%7B)([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})"
                    + "(?:\\}|%7D)", Pattern.CASE_INSENSITIVE);

    /** The path and query Olingo should parse, and the skip token taken out of the query. */
    record Normalized(String path, String query, String skipToken) {
    }

    private final Set<String> parameterlessFunctions;

    DataverseUriNormalizer(Set<String> parameterlessFunctions) {
        this.parameterlessFunctions = parameterlessFunctions;
    }

    Normalized normalize(String rawPath, String rawQuery) {
        String path = BRACED_GUID.matcher(rawPath).replaceAll("$1");
        path = path.replace("%28", "(").replace("%29", ")");
        if (parameterlessFunctions.contains(path)) {
            path = path + "()";
        }
        String skipToken = null;
        List<String> options = new ArrayList<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String option : rawQuery.split("&")) {
                String name = option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
                String decodedName = name.replace("%24", "$").toLowerCase(Locale.ROOT);
                if (decodedName.equals("$skiptoken")) {
                    skipToken = option.substring(option.indexOf('=') + 1);
                } else if (decodedName.equals("$skip")) {
                    throw DataverseError.QUERY_SYNTAX.withMessage("The query parameter $skip is not supported; "
                            + "follow @odata.nextLink to page through results.");
                } else if (!option.isEmpty()) {
                    // HTML forms and many clients write a space as '+'; a literal plus arrives as %2B.
                    options.add(option.replace("+", "%20"));
                }
            }
        }
        return new Normalized(path, options.isEmpty() ? null : String.join("&", options), skipToken);
    }
}
