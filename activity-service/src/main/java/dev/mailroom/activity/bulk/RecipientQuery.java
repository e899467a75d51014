package dev.mailroom.activity.bulk;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.odata.model.TableRegistry;
import dev.mailroom.activity.odata.uri.FetchXmlFilter;

/**
 * SendBulkMail's {@code Query}: the entity set of the recipients and an optional OData {@code $filter}, written as a
 * relative URL ({@code contacts?$filter=donotbulkemail eq false}), or a FetchXML query, translated to the same
 * {@code $filter} (see {@link FetchXmlFilter}) so both take one path to the database.
 *
 * @param entitySet contacts, accounts or leads
 * @param table the logical name of that set's table
 * @param filter the {@code $filter} expression, decoded, or null for every row
 */
public record RecipientQuery(String entitySet, String table, String filter) {

    private static final Map<String, String> RECIPIENT_SETS = Map.of("contacts", "contact", "accounts", "account",
            "leads", "lead");

    public static RecipientQuery parse(String query, TableRegistry tables) {
        String text = query == null ? "" : query.strip();
        if (text.isEmpty()) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("Query should be set.");
        }
        if (text.startsWith("<")) {
            FetchXmlFilter.Translation fetch = FetchXmlFilter.translate(text, logicalName ->
                    RECIPIENT_SETS.containsValue(logicalName) ? tables.byLogicalName(logicalName).orElse(null) : null);
            return new RecipientQuery(fetch.table().entitySet(), fetch.table().logicalName(), fetch.filter());
        }
        if (text.startsWith("/")) {
            text = text.substring(1);
        }
        int question = text.indexOf('?');
        String set = (question < 0 ? text : text.substring(0, question)).toLowerCase(Locale.ROOT);
        String table = RECIPIENT_SETS.get(set);
        if (table == null) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("The Query must read contacts, accounts or leads "
                    + "(for example contacts?$filter=statecode eq 0), not '" + set + "'.");
        }
        String filter = null;
        if (question >= 0 && question < text.length() - 1) {
            for (String option : text.substring(question + 1).split("&")) {
                int equals = option.indexOf('=');
                String name = equals < 0 ? option : option.substring(0, equals);
                if (!name.equals("$filter") || equals < 0) {
                    throw DataverseError.INVALID_ARGUMENT.withMessage("The Query may only carry $filter; '" + name
                            + "' is not allowed (recipients are read in key order, every column the template "
                            + "needs).");
                }
                filter = decode(option.substring(equals + 1));
            }
        }
        return new RecipientQuery(set, table, filter == null || filter.isBlank() ? null : filter);
    }

    /** Tolerates both an already encoded filter and a plain one ({@code +} is kept: it is literal in OData). */
    private static String decode(String value) {
        if (!value.contains("%")) {
            return value;
        }
        try {
            return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }
}
