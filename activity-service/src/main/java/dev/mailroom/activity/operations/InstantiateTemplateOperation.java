package dev.mailroom.activity.operations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.odata.model.OperationDef;
import dev.mailroom.activity.odata.model.OperationDef.Parameter;
import dev.mailroom.activity.templates.TemplateMailService;
import dev.mailroom.templating.RenderedTemplate;

/**
 * {@code InstantiateTemplate}: the email a template makes for one record, not saved. Answers as Dataverse does, a
 * collection of one unsaved email holding {@code subject} and {@code description}.
 */
@ApplicationScoped
public class InstantiateTemplateOperation implements OperationHandler {

    private static final OperationDef DEFINITION = new OperationDef("InstantiateTemplate", OperationDef.Kind.ACTION,
            null, List.of(new Parameter("TemplateId", "Edm.Guid", false),
                    new Parameter("ObjectType", "Edm.String", false),
                    new Parameter("ObjectId", "Edm.Guid", false)),
            List.of(), OperationDef.collectionOf(OperationDef.CRM_BASE_ENTITY));

    private final TemplateMailService templates;

    public InstantiateTemplateOperation(TemplateMailService templates) {
        this.templates = templates;
    }

    @Override
    public OperationDef definition() {
        return DEFINITION;
    }

    @Override
    public Map<String, Object> invoke(UUID key, Map<String, Object> parameters) {
        UUID templateId = (UUID) parameters.get("TemplateId");
        UUID objectId = (UUID) parameters.get("ObjectId");
        if (isEmpty(templateId)) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("Template id should be set.");
        }
        if (isEmpty(objectId)) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("Object id should be set.");
        }
        RenderedTemplate rendered = templates.instantiate(templateId, (String) parameters.get("ObjectType"),
                objectId);
        Map<String, Object> email = new LinkedHashMap<>();
        email.put("@odata.type", "#Microsoft.Dynamics.CRM.email");
        email.put("subject", rendered.subject());
        email.put("description", rendered.body());
        email.put("_templateid_value", templateId);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("@odata.context", "$metadata#emails");
        response.put("value", List.of(email));
        return response;
    }

    /** Dataverse's "not set" for a Guid parameter: the empty GUID. */
    static boolean isEmpty(UUID id) {
        return id.getMostSignificantBits() == 0 && id.getLeastSignificantBits() == 0;
    }
}
