package dev.mailroom.activity.operations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.odata.model.OperationDef;
import dev.mailroom.activity.odata.model.OperationDef.Parameter;
import dev.mailroom.activity.templates.EntityReference;

/**
 * {@code SendEmailFromTemplate}: creates the email {@code Target} describes with subject and body rendered from the
 * template for {@code Regarding}, and sends it (Pending Send). Answers with the created email's id.
 */
@ApplicationScoped
public class SendEmailFromTemplateOperation extends TemplateMailAction {

    private static final OperationDef DEFINITION = new OperationDef("SendEmailFromTemplate",
            OperationDef.Kind.ACTION, null, List.of(new Parameter("TemplateId", "Edm.Guid", false),
                    new Parameter("Regarding", OperationDef.CRM_BASE_ENTITY, false),
                    new Parameter("Target", OperationDef.CRM_BASE_ENTITY, false)),
            List.of(), "Microsoft.Dynamics.CRM.email");

    @Override
    public OperationDef definition() {
        return DEFINITION;
    }

    @Override
    Map<String, Object> send(UUID templateId, Map<String, Object> parameters) {
        JsonNode target = (JsonNode) parameters.get("Target");
        if (!target.isObject()) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("Target email is missing.");
        }
        EntityReference regarding = EntityReference.read((JsonNode) parameters.get("Regarding"), "Regarding");
        UUID id = templates.sendFromTemplate(templateId, regarding, target);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("@odata.context", "$metadata#emails/$entity");
        response.put("activityid", id);
        return response;
    }
}
