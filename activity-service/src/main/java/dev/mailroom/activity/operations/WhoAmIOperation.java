package dev.mailroom.activity.operations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.activity.odata.model.OperationDef;
import dev.mailroom.activity.odata.model.OperationDef.Parameter;
import dev.mailroom.activity.security.CurrentCaller;

/**
 * {@code WhoAmI}: the caller's user (the one they act for when impersonating), business unit and organization.
 */
@ApplicationScoped
public class WhoAmIOperation implements OperationHandler {

    public static final UUID ORGANIZATION_ID = UUID.fromString("6d61696c-726f-4f6d-8000-000000000001");
    public static final UUID ADMINISTRATOR_ID = UUID.fromString("6d61696c-726f-4f6d-8000-000000000002");
    public static final UUID BUSINESS_UNIT_ID = UUID.fromString("6d61696c-726f-4f6d-8000-000000000003");

    private static final OperationDef DEFINITION = new OperationDef("WhoAmI", OperationDef.Kind.FUNCTION, null,
            List.of(), List.of(new Parameter("BusinessUnitId", "Edm.Guid", false),
                    new Parameter("UserId", "Edm.Guid", false), new Parameter("OrganizationId", "Edm.Guid", false)));

    private final CurrentCaller caller;

    public WhoAmIOperation(CurrentCaller caller) {
        this.caller = caller;
    }

    @Override
    public OperationDef definition() {
        return DEFINITION;
    }

    @Override
    public Map<String, Object> invoke(UUID key, Map<String, Object> parameters) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("BusinessUnitId", BUSINESS_UNIT_ID);
        response.put("UserId", caller.get().userId());
        response.put("OrganizationId", ORGANIZATION_ID);
        return response;
    }
}
