package dev.mailroom.activity.operations;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.activity.bulk.BulkMailJobs;
import dev.mailroom.activity.bulk.BulkMailJobs.BulkSender;
import dev.mailroom.activity.bulk.RecipientQuery;
import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.error.DataverseException;
import dev.mailroom.activity.odata.model.OperationDef;
import dev.mailroom.activity.odata.model.OperationDef.Parameter;
import dev.mailroom.activity.odata.model.TableRegistry;
import dev.mailroom.activity.security.Privileges;

/**
 * {@code SendBulkMail}: one email per recipient of {@code Query}, rendered from a template, sent in the background.
 * Answers at once with the job's asyncoperation id (Dataverse answers 204 with nothing; the id lets a client follow
 * the job without searching for it).
 */
@ApplicationScoped
public class SendBulkMailOperation implements OperationHandler {

    private static final OperationDef DEFINITION = new OperationDef("SendBulkMail", OperationDef.Kind.ACTION, null,
            List.of(new Parameter("Sender", "Microsoft.Dynamics.CRM.systemuser", false),
                    new Parameter("TemplateId", "Edm.Guid", false),
                    new Parameter("RegardingType", "Edm.String", false),
                    new Parameter("RegardingId", "Edm.Guid", false),
                    new Parameter("Query", "Edm.String", true)),
            List.of(new Parameter("AsyncOperationId", "Edm.Guid", false)));

    /** The tables email.regardingobjectid may point at. */
    private static final List<String> REGARDING_TYPES = List.of("contact", "account", "lead");

    private final BulkMailJobs jobs;
    private final EntityManager entityManager;
    private final Instance<TableRegistry> tables;

    /** The registry lists this operation, so it is looked up when the operation runs, not when it is built. */
    public SendBulkMailOperation(BulkMailJobs jobs, EntityManager entityManager,
            Instance<TableRegistry> tables) {
        this.jobs = jobs;
        this.entityManager = entityManager;
        this.tables = tables;
    }

    @Override
    public List<String> requiredPrivileges() {
        return List.of(Privileges.BULK_EMAIL);
    }

    @Override
    public OperationDef definition() {
        return DEFINITION;
    }

    @Override
    public Map<String, Object> invoke(UUID key, Map<String, Object> parameters) {
        RecipientQuery query = RecipientQuery.parse((String) parameters.get("Query"), tables.get());
        String regardingType = ((String) parameters.get("RegardingType")).strip();
        UUID regardingId = (UUID) parameters.get("RegardingId");
        requireRegarding(regardingType, regardingId);
        BulkSender sender = sender((JsonNode) parameters.get("Sender"));
        UUID jobId = jobs.request(sender, (UUID) parameters.get("TemplateId"), regardingType, regardingId, query);
        return Map.of("AsyncOperationId", jobId);
    }

    /** The regarding record must be one an email's regarding lookup can point at, and must exist. */
    private void requireRegarding(String type, UUID id) {
        if (type.isEmpty()) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("Regarding type should be set.");
        }
        if (!REGARDING_TYPES.contains(type)) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("RegardingType must be one of " + REGARDING_TYPES
                    + ", not '" + type + "'.");
        }
        if (entityManager.createNativeQuery("SELECT 1 FROM " + type + " WHERE " + type + "id = :id")
                .setParameter("id", id).getResultList().isEmpty()) {
            throw DataverseException.notFound(type, id);
        }
    }

    /** The sender as an entity reference: a systemuser (the default) or a queue, with an address to send from. */
    private BulkSender sender(JsonNode reference) {
        if (!reference.isObject()) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("Sender must be a systemuser or queue reference.");
        }
        String odataType = reference.path("@odata.type").asText("Microsoft.Dynamics.CRM.systemuser");
        String type = odataType.substring(odataType.lastIndexOf('.') + 1);
        if (!BulkSender.TYPES.contains(type)) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("Sender must be a systemuser or queue, not " + type
                    + ".");
        }
        String idText = reference.path(type + "id").asText("");
        UUID id;
        try {
            id = UUID.fromString(idText);
        } catch (IllegalArgumentException e) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("Sender must carry its " + type + "id.");
        }
        String column = type.equals("queue") ? "emailaddress" : "internalemailaddress";
        List<?> rows = entityManager.createNativeQuery("SELECT " + column + " FROM " + type + " WHERE " + type
                + "id = :id").setParameter("id", id).getResultList();
        if (rows.isEmpty()) {
            throw DataverseException.notFound(type, id);
        }
        Object address = rows.get(0);
        if (address == null || address.toString().isBlank()) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("The sender " + type + " " + id
                    + " has no email address to send from.");
        }
        return new BulkSender(id, type, address.toString());
    }
}
