package dev.mailroom.activity.operations;

import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.activity.lifecycle.IncomingEmails;
import dev.mailroom.activity.odata.model.OperationDef;
import dev.mailroom.activity.tables.EmailTable;

/**
 * {@code emails(<id>)/Microsoft.Dynamics.CRM.DeliverPromoteEmail}: a Draft a client tracked becomes the Received
 * copy of the message, correlated and with its parties resolved as DeliverIncomingEmail does.
 */
@ApplicationScoped
public class DeliverPromoteEmailOperation implements OperationHandler {

    private static final OperationDef DEFINITION = new OperationDef("DeliverPromoteEmail",
            OperationDef.Kind.ACTION, EmailTable.NAME,
            IncomingMessageParameters.concat(IncomingMessageParameters.MESSAGE, IncomingMessageParameters.DELIVERY),
            IncomingMessageParameters.EMAIL_ID);

    private final IncomingEmails incoming;

    public DeliverPromoteEmailOperation(IncomingEmails incoming) {
        this.incoming = incoming;
    }

    @Override
    public OperationDef definition() {
        return DEFINITION;
    }

    @Override
    public Map<String, Object> invoke(UUID key, Map<String, Object> parameters) {
        return IncomingMessageParameters.emailId(
                incoming.promote(key, IncomingMessageParameters.read(parameters)).activityId());
    }
}
