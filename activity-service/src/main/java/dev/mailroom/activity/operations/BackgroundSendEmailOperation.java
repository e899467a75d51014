package dev.mailroom.activity.operations;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.mailroom.activity.ActivityParty;
import dev.mailroom.activity.EmailActivity;
import dev.mailroom.activity.config.ActivityConfig;
import dev.mailroom.activity.lifecycle.BackgroundSendPool;
import dev.mailroom.activity.odata.model.OperationDef;
import dev.mailroom.activity.odata.model.OperationDef.Parameter;

/**
 * {@code BackgroundSendEmail}: hands Pending Send emails of Outlook-style mailboxes to an external sender, each
 * email to one caller until its lease expires. The caller reports the outcome with a PATCH of
 * {@code statecode}/{@code statuscode} (3 Sent, or 0/8 Failed). The {@code Query} parameter is not supported.
 */
@ApplicationScoped
public class BackgroundSendEmailOperation implements OperationHandler {

    private static final OperationDef DEFINITION = new OperationDef("BackgroundSendEmail",
            OperationDef.Kind.ACTION, null, List.of(),
            List.of(new Parameter("EntityCollection", "Collection(Microsoft.Dynamics.CRM.email)", false),
                    new Parameter("HasAttachments", "Collection(Edm.Boolean)", false)));

    private final BackgroundSendPool pool;
    private final EntityManager entityManager;
    private final ActivityConfig config;

    public BackgroundSendEmailOperation(BackgroundSendPool pool, EntityManager entityManager, ActivityConfig config) {
        this.pool = pool;
        this.entityManager = entityManager;
        this.config = config;
    }

    @Override
    public OperationDef definition() {
        return DEFINITION;
    }

    @Override
    @Transactional
    public Map<String, Object> invoke(UUID key, Map<String, Object> parameters) {
        List<UUID> leased = pool.lease(config.backgroundSendBatch(), config.backgroundSendLease());
        List<Map<String, Object>> emails = new ArrayList<>();
        List<Boolean> hasAttachments = new ArrayList<>();
        for (UUID id : leased) {
            EmailActivity email = entityManager.find(EmailActivity.class, id);
            emails.add(row(email));
            Number attachments = (Number) entityManager.createNativeQuery(
                    "SELECT attachmentcount FROM email WHERE activityid = ?1").setParameter(1, id).getSingleResult();
            hasAttachments.add(attachments.intValue() > 0);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("EntityCollection", emails);
        response.put("HasAttachments", hasAttachments);
        return response;
    }

    private static Map<String, Object> row(EmailActivity email) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("@odata.type", "#Microsoft.Dynamics.CRM.email");
        row.put("activityid", email.activityid);
        row.put("subject", email.subject);
        row.put("description", email.description);
        row.put("sender", email.sender);
        row.put("torecipients", email.torecipients);
        row.put("trackingtoken", email.trackingtoken);
        row.put("statecode", email.statecode);
        row.put("statuscode", email.statuscode);
        row.put("_sendermailboxid_value", email.sendermailboxid);
        List<Map<String, Object>> parties = new ArrayList<>();
        for (ActivityParty party : email.parties) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("participationtypemask", party.participationtypemask);
            values.put("addressused", party.addressused);
            values.put("_partyid_value", party.partyid);
            parties.add(values);
        }
        row.put("email_activity_parties", parties);
        return row;
    }
}
