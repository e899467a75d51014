package dev.mailroom.activity.operations;

import java.util.ArrayList;
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
 * {@code SendTemplate}: one email per recipient, rendered from the template for that recipient, from
 * {@code Sender}, regarding {@code Regarding}, each sent (Pending Send). Answers 204 as Dataverse does.
 */
@ApplicationScoped
public class SendTemplateOperation extends TemplateMailAction {

    private static final OperationDef DEFINITION = new OperationDef("SendTemplate", OperationDef.Kind.ACTION, null,
            List.of(new Parameter("TemplateId", "Edm.Guid", false),
                    new Parameter("Sender", OperationDef.CRM_BASE_ENTITY, false),
                    new Parameter("Recipients", OperationDef.collectionOf(OperationDef.CRM_BASE_ENTITY), false),
                    new Parameter("Regarding", OperationDef.CRM_BASE_ENTITY, false),
                    new Parameter("DeliveryPriorityCode", "Edm.Int32", true)),
            List.of());

    @Override
    public OperationDef definition() {
        return DEFINITION;
    }

    @Override
    Map<String, Object> send(UUID templateId, Map<String, Object> parameters) {
        JsonNode recipientsNode = (JsonNode) parameters.get("Recipients");
        if (!recipientsNode.isArray()) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("Recipients must be an array of records.");
        }
        List<EntityReference> recipients = new ArrayList<>();
        recipientsNode.forEach(node -> recipients.add(EntityReference.read(node, "Recipient")));
        Integer priority = (Integer) parameters.get("DeliveryPriorityCode");
        if (priority != null && (priority < 0 || priority > 2)) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("DeliveryPriorityCode must be 0 (Low), 1 (Normal) or "
                    + "2 (High).");
        }
        templates.sendTemplate(templateId, EntityReference.read((JsonNode) parameters.get("Sender"), "Sender"),
                recipients, EntityReference.read((JsonNode) parameters.get("Regarding"), "Regarding"), priority);
        return null;
    }
}
