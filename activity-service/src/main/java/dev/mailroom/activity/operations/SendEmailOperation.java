package dev.mailroom.activity.operations;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.activity.EmailActivity;
import dev.mailroom.activity.lifecycle.TrackingTokens;
import dev.mailroom.activity.odata.model.OperationDef;
import dev.mailroom.activity.security.Privileges;
import dev.mailroom.activity.odata.model.OperationDef.Parameter;
import dev.mailroom.activity.service.EmailActivityService;
import dev.mailroom.activity.tables.EmailTable;

/** {@code emails(<id>)/Microsoft.Dynamics.CRM.SendEmail}: issue a Draft for sending, or record it as sent. */
@ApplicationScoped
public class SendEmailOperation implements OperationHandler {

    private static final OperationDef DEFINITION = new OperationDef("SendEmail", OperationDef.Kind.ACTION,
            EmailTable.NAME, List.of(new Parameter("IssueSend", "Edm.Boolean", false),
                    new Parameter("TrackingToken", "Edm.String", true)),
            List.of(new Parameter("Subject", "Edm.String", true)));

    private final EmailActivityService emails;

    public SendEmailOperation(EmailActivityService emails) {
        this.emails = emails;
    }

    @Override
    public List<String> requiredPrivileges() {
        return List.of(Privileges.SEND_EMAIL);
    }

    @Override
    public OperationDef definition() {
        return DEFINITION;
    }

    @Override
    public Map<String, Object> invoke(UUID key, Map<String, Object> parameters) {
        String token = (String) parameters.get("TrackingToken");
        if (token != null) {
            // The token goes into the subject and a header: it must be one short line.
            TrackingTokens.validate(token);
        }
        EmailActivity email = emails.sendEmail(key, (Boolean) parameters.get("IssueSend"), token);
        return java.util.Collections.singletonMap("Subject", email.subject);
    }
}
