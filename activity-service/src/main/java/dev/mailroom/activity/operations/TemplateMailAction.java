package dev.mailroom.activity.operations;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.security.Privileges;
import dev.mailroom.activity.templates.TemplateMailService;

/**
 * An action that sends mail made from a template (SendTemplate, SendEmailFromTemplate): the caller needs
 * {@code prvSendEmail}, and {@code TemplateId} must be set (Dataverse's "not set" is the empty GUID) before any
 * other parameter is looked at, with Dataverse's message.
 */
abstract class TemplateMailAction implements OperationHandler {

    @Inject
    TemplateMailService templates;

    @Override
    public List<String> requiredPrivileges() {
        return List.of(Privileges.SEND_EMAIL);
    }

    @Override
    public final Map<String, Object> invoke(UUID key, Map<String, Object> parameters) {
        UUID templateId = (UUID) parameters.get("TemplateId");
        if (InstantiateTemplateOperation.isEmpty(templateId)) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("Template id should be set.");
        }
        return send(templateId, parameters);
    }

    /** Sends the mail the template makes; the action's response, or null for none (204). */
    abstract Map<String, Object> send(UUID templateId, Map<String, Object> parameters);
}
