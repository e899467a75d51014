package dev.mailroom.activity.tables;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.odata.model.RowStore;
import dev.mailroom.activity.odata.model.TableRules;

/**
 * Rules of a table with email address columns: every address written is a valid one, and a person's
 * {@code fullname} follows their first and last name.
 */
final class EmailAddressRules implements TableRules {

    private static final List<String> ADDRESS_COLUMNS = List.of("emailaddress1", "emailaddress2", "emailaddress3",
            "internalemailaddress", "emailaddress");

    /** The table whose fullname follows first and last name, or null when it has no person's name. */
    private final String personTable;

    EmailAddressRules(String personTable) {
        this.personTable = personTable;
    }

    @Override
    public void checkCreate(Map<String, Object> values) {
        checkAddresses(values);
    }

    @Override
    public void checkUpdate(Map<String, Object> current, Map<String, Object> changes) {
        checkAddresses(changes);
    }

    private static void checkAddresses(Map<String, Object> values) {
        for (String column : ADDRESS_COLUMNS) {
            Object address = values.get(column);
            if (address != null && !EmailAddresses.isValid((String) address)) {
                throw DataverseError.INVALID_ARGUMENT.withMessage("'" + column + "' must be an email address; '"
                        + address + "' is not.");
            }
        }
    }

    @Override
    public void beforeInsert(Map<String, Object> values, Map<String, List<Map<String, Object>>> children) {
        if (personTable != null) {
            String name = java.util.stream.Stream.of(values.get("firstname"), values.get("lastname"))
                    .filter(java.util.Objects::nonNull).map(Object::toString)
                    .collect(java.util.stream.Collectors.joining(" "));
            values.put("fullname", name.isEmpty() ? null : name);
        }
    }

    @Override
    public void afterUpdate(UUID id, RowStore store) {
        if (personTable != null) {
            store.execute("UPDATE \"" + personTable + "\" SET fullname = nullif(concat_ws(' ', firstname, "
                    + "lastname), '') WHERE " + personTable + "id = ?", List.of(id));
        }
    }
}
