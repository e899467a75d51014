package dev.mailroom.activity.operations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.activity.attachments.AttachmentFiles;
import dev.mailroom.activity.attachments.TemplateFile;
import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.odata.model.OperationDef;
import dev.mailroom.activity.odata.model.OperationDef.Parameter;
import dev.mailroom.activity.templates.TemplateMailService;
import dev.mailroom.templating.RenderedTemplate;

/**
 * {@code InstantiateTemplate}: the email a template makes for one record, not saved. Answers as Dataverse does, a
 * collection of one unsaved email holding {@code subject} and {@code description}. The template's attachments are
 * listed in {@code email_activity_mime_attachment}, each with the {@code attachmentid@odata.bind} that gives the
 * saved email the same file by reference (Dataverse leaves this step to the client, and so do we: nothing is
 * saved here).
 */
@ApplicationScoped
public class InstantiateTemplateOperation implements OperationHandler {

    private static final OperationDef DEFINITION = new OperationDef("InstantiateTemplate", OperationDef.Kind.ACTION,
            null, List.of(new Parameter("TemplateId", "Edm.Guid", false),
                    new Parameter("ObjectType", "Edm.String", false),
                    new Parameter("ObjectId", "Edm.Guid", false)),
            List.of(), OperationDef.collectionOf(OperationDef.CRM_BASE_ENTITY));

    private final TemplateMailService templates;
    private final AttachmentFiles attachments;

    public InstantiateTemplateOperation(TemplateMailService templates, AttachmentFiles attachments) {
        this.templates = templates;
        this.attachments = attachments;
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
        email.put("email_activity_mime_attachment", attachments.templateFiles(templateId).stream()
                .map(InstantiateTemplateOperation::attachment).toList());
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("@odata.context", "$metadata#emails");
        response.put("value", List.of(email));
        return response;
    }

    /** One template file as an unsaved attachment of the email: what to post to {@code activitymimeattachments}. */
    private static Map<String, Object> attachment(TemplateFile file) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("@odata.type", "#Microsoft.Dynamics.CRM.activitymimeattachment");
        row.put("objecttypecode", "email");
        row.put("subject", file.subject());
        row.put("filename", file.filename());
        row.put("mimetype", file.mimeType());
        row.put("filesize", file.size());
        row.put("_attachmentid_value", file.attachmentId());
        row.put("attachmentid@odata.bind", "/attachments(" + file.attachmentId() + ")");
        return row;
    }

    /** Dataverse's "not set" for a Guid parameter: the empty GUID. */
    static boolean isEmpty(UUID id) {
        return id.getMostSignificantBits() == 0 && id.getLeastSignificantBits() == 0;
    }
}
