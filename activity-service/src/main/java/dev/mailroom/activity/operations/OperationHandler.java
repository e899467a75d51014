package dev.mailroom.activity.operations;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.mailroom.activity.odata.model.OperationDef;

/** One action or function of the Web API: its declaration (published in $metadata) and what it does. */
public interface OperationHandler {

    OperationDef definition();

    /**
     * @param key the record a bound operation was called on, or null
     * @param parameters the checked parameters (action body or function call)
     * @return the response type's properties, or null for an operation that returns nothing (204)
     */
    Map<String, Object> invoke(UUID key, Map<String, Object> parameters);

    /**
     * Privileges the caller needs beyond the bound record's (Write for an action, Read for a function, on the
     * caller's own record at user level), e.g. {@code prvSendEmail}; see {@code security.Privileges}.
     */
    default List<String> requiredPrivileges() {
        return List.of();
    }
}
