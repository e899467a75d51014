package dev.mailroom.activity.operations;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.activity.attachments.SubmittedFiles;
import dev.mailroom.activity.lifecycle.IncomingEmails;
import dev.mailroom.activity.lifecycle.IncomingMessage;
import dev.mailroom.activity.odata.model.OperationDef;
import dev.mailroom.activity.odata.model.OperationDef.Parameter;
import dev.mailroom.activity.tables.EmailTable;

/**
 * {@code emails/Microsoft.Dynamics.CRM.DeliverIncomingEmail}: a received message becomes a Received email, once
 * per Message-ID (a repeat answers with the same EmailId and stores none of its files). {@code Attachments}
 * (Dataverse's {@code Collection(attachment)}) become the email's {@code activitymimeattachments} as a router's
 * files do ({@code SubmittedFiles}, then {@code ReceivedFiles}).
 */
@ApplicationScoped
public class DeliverIncomingEmailOperation implements OperationHandler {

    private static final OperationDef DEFINITION = new OperationDef("DeliverIncomingEmail",
            OperationDef.Kind.ACTION, EmailTable.NAME,
            IncomingMessageParameters.concat(IncomingMessageParameters.concat(IncomingMessageParameters.MESSAGE,
                    IncomingMessageParameters.DELIVERY), List.of(new Parameter("ValidateBeforeCreate",
                            "Edm.Boolean", true), new Parameter("Attachments",
                            OperationDef.collectionOf("Microsoft.Dynamics.CRM.attachment"), true))),
            IncomingMessageParameters.EMAIL_ID, true);

    private final IncomingEmails incoming;

    public DeliverIncomingEmailOperation(IncomingEmails incoming) {
        this.incoming = incoming;
    }

    @Override
    public OperationDef definition() {
        return DEFINITION;
    }

    @Override
    public Map<String, Object> invoke(UUID key, Map<String, Object> parameters) {
        boolean validate = Boolean.TRUE.equals(parameters.get("ValidateBeforeCreate"));
        IncomingMessage message = IncomingMessageParameters.read(parameters);
        // Every file is checked before anything is stored or created.
        List<SubmittedFiles.Submitted> files = SubmittedFiles.read((JsonNode) parameters.get("Attachments"));
        return IncomingMessageParameters.emailId(incoming.deliver(message, validate, files).activityId());
    }
}
