package dev.mailroom.activity.templates;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mailroom.activity.attachments.AttachmentFiles;
import dev.mailroom.activity.attachments.TemplateFile;
import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.error.DataverseException;
import dev.mailroom.activity.odata.json.BodyReader;
import dev.mailroom.activity.odata.json.RecordChange;
import dev.mailroom.activity.odata.model.LookupDef;
import dev.mailroom.activity.odata.model.TableDef;
import dev.mailroom.activity.odata.model.TableRegistry;
import dev.mailroom.activity.security.CurrentCaller;
import dev.mailroom.activity.service.EmailActivityService;
import dev.mailroom.activity.service.RecordWriter;
import dev.mailroom.activity.tables.EmailTable;
import dev.mailroom.activity.tables.TemplateTable;
import dev.mailroom.templating.DataRecord;
import dev.mailroom.templating.RenderData;
import dev.mailroom.templating.RenderedTemplate;
import dev.mailroom.templating.TemplateException;
import dev.mailroom.templating.TemplateRenderer;

/**
 * InstantiateTemplate, SendEmailFromTemplate and SendTemplate. Emails are created as a POST of {@code emails} would
 * create them (same validation, parties taking their records' addresses) and issued through SendEmail, all in one
 * transaction: a refusal anywhere leaves no email behind. Every email made from a template gets the template's
 * attachments by reference (rows pointing at the same stored files: nothing is uploaded or copied).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRED)
public class TemplateMailService {

    /** Most recipients one SendTemplate takes (one email each); SendBulkMail is the way to more. */
    public static final int MAX_RECIPIENTS = 500;

    private final TemplateData data;
    private final TemplateStore templates;
    private final TableRegistry registry;
    private final TemplateRenderer renderer;
    private final RecordWriter writer;
    private final BodyReader bodies;
    private final EmailActivityService emails;
    private final CurrentCaller caller;
    private final AttachmentFiles attachments;

    public TemplateMailService(TemplateData data, TemplateStore templates, TableRegistry registry,
            TemplateRenderer renderer, RecordWriter writer, BodyReader bodies, EmailActivityService emails,
            CurrentCaller caller, AttachmentFiles attachments) {
        this.data = data;
        this.templates = templates;
        this.registry = registry;
        this.renderer = renderer;
        this.writer = writer;
        this.bodies = bodies;
        this.emails = emails;
        this.caller = caller;
        this.attachments = attachments;
    }

    /** The unsaved email a template makes for one record, with the calling user as the sender. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public RenderedTemplate instantiate(UUID templateId, String objectType, UUID objectId) {
        StoredTemplate template = templates.require(templateId);
        TableDef table = templateTable(objectType, "ObjectType");
        requireType(template, table.logicalName());
        DataRecord object = record(table, objectId);
        return render(template, object, record(registry.require("systemuser"), callingUser()));
    }

    /** Creates the email {@code target} describes, with subject and body from the template, and issues it. */
    public UUID sendFromTemplate(UUID templateId, EntityReference regarding, JsonNode target) {
        if (!EmailTable.NAME.equals(EntityReference.tableOf(target))) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("Target must be an email entity.");
        }
        StoredTemplate template = templates.require(templateId);
        TableDef regardingTable = regardingTable(regarding);
        requireType(template, regardingTable.logicalName());
        UUID senderId = senderUser(target).orElse(callingUser());
        RenderedTemplate email = render(template, record(regardingTable, regarding.id()),
                record(registry.require("systemuser"), senderId));
        ObjectNode body = ((ObjectNode) target).deepCopy();
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (name.startsWith("@") || name.startsWith("regardingobjectid_") || name.startsWith("templateid")) {
                names.remove();
            }
        }
        return issue(body, email, template, regarding, attachments.templateFiles(template.id()));
    }

    /** One email per distinct recipient, each rendered for its recipient, from {@code sender}, and issues them. */
    public List<UUID> sendTemplate(UUID templateId, EntityReference sender, List<EntityReference> recipients,
            EntityReference regarding, Integer deliveryPriority) {
        if (recipients.isEmpty()) {
            throw DataverseError.RECIPIENT_NOT_SPECIFIED.withMessage("Recipients should be set: the e-mail must have"
                    + " at least one recipient before it can be sent");
        }
        if (recipients.size() > MAX_RECIPIENTS) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("SendTemplate takes at most " + MAX_RECIPIENTS
                    + " recipients; it has " + recipients.size() + ". Use SendBulkMail for more.");
        }
        StoredTemplate template = templates.require(templateId);
        TableDef regardingTable = regardingTable(regarding);
        DataRecord regardingRecord = record(regardingTable, regarding.id());
        List<DataRecord> senderRecords = senderRecords(sender);
        List<TemplateFile> files = attachments.templateFiles(template.id());
        List<UUID> ids = new ArrayList<>();
        for (EntityReference recipient : new LinkedHashSet<>(recipients)) {
            TableDef table = templateTable(recipient.table(), "Recipient");
            if (!template.type().equals(TemplateTable.GLOBAL_TYPE) && !template.type().equals(table.logicalName())
                    && !template.type().equals(regardingTable.logicalName())) {
                throw typeMismatch(table.logicalName(), template);
            }
            Map<String, Object> row = data.row(table, recipient.id())
                    .orElseThrow(() -> DataverseException.notFound(table.logicalName(), recipient.id()));
            requireAddress(table, recipient.id(), row);
            List<DataRecord> records = new ArrayList<>(List.of(data.record(table, row), regardingRecord));
            records.addAll(senderRecords);
            RenderedTemplate email = render(template, records);
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            ArrayNode parties = body.putArray(EmailTable.PARTIES);
            parties.addObject().put("partyid_" + sender.table() + "@odata.bind", bind(sender))
                    .put("participationtypemask", 1);
            parties.addObject().put("partyid_" + table.logicalName() + "@odata.bind", bind(recipient))
                    .put("participationtypemask", 2);
            if (deliveryPriority != null) {
                body.put("deliveryprioritycode", deliveryPriority);
            }
            ids.add(issue(body, email, template, regarding, files));
        }
        return ids;
    }

    private UUID issue(ObjectNode body, RenderedTemplate email, StoredTemplate template, EntityReference regarding,
            List<TemplateFile> files) {
        body.put("subject", email.subject());
        body.put("description", email.body());
        body.put("templateid@odata.bind", "/templates(" + template.id() + ")");
        body.put(regardingNavigation(regarding.table()) + "@odata.bind", bind(regarding));
        RecordChange change = bodies.read(registry.require(EmailTable.NAME), body);
        // As for a create through the Web API, the email belongs to the user the request acts for.
        Map<String, Object> values = new java.util.LinkedHashMap<>(change.values());
        values.put("ownerid", callingUser());
        UUID id = writer.create(new RecordChange(change.table(), values, change.binds(), change.children()), null);
        attachments.carry(files, id);
        emails.sendEmail(id, true, null);
        return id;
    }

    private RenderedTemplate render(StoredTemplate template, DataRecord... records) {
        return render(template, List.of(records));
    }

    private RenderedTemplate render(StoredTemplate template, List<DataRecord> records) {
        try {
            return renderer.render(template.toVersion(), new RenderData(records));
        } catch (TemplateException e) {
            throw DataverseError.INVALID_ARGUMENT.withMessage(e.getMessage());
        }
    }

    private DataRecord record(TableDef table, UUID id) {
        return data.record(table, data.row(table, id)
                .orElseThrow(() -> DataverseException.notFound(table.logicalName(), id)));
    }

    /** The sender as {@code systemuser} (a queue sender adds its queue, and the calling user is the systemuser). */
    private List<DataRecord> senderRecords(EntityReference sender) {
        if (!sender.table().equals("systemuser") && !sender.table().equals("queue")) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("Sender must be a systemuser or a queue, not "
                    + sender.table() + ".");
        }
        TableDef table = registry.require(sender.table());
        Map<String, Object> row = data.row(table, sender.id())
                .orElseThrow(() -> DataverseException.notFound(table.logicalName(), sender.id()));
        requireAddress(table, sender.id(), row);
        if (sender.table().equals("systemuser")) {
            return List.of(data.record(table, row));
        }
        return List.of(data.record(table, row), record(registry.require("systemuser"), callingUser()));
    }

    private static void requireAddress(TableDef table, UUID id, Map<String, Object> row) {
        String column = table.emailColumn().orElseThrow();
        if (!(row.get(column) instanceof String address) || address.isBlank()) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("The " + table.logicalName() + " " + id
                    + " has no email address (" + column + ") to send to or from.");
        }
        if (Boolean.TRUE.equals(row.get("donotemail"))) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("The " + table.logicalName() + " " + id
                    + " does not allow email (donotemail).");
        }
    }

    /** The systemuser of the Target's sender party, when it has one. */
    private static Optional<UUID> senderUser(JsonNode target) {
        for (JsonNode party : target.path(EmailTable.PARTIES)) {
            JsonNode bind = party.get("partyid_systemuser@odata.bind");
            if (party.path("participationtypemask").asInt() == 1 && bind != null && bind.isTextual()) {
                String text = bind.textValue();
                int open = text.indexOf('(');
                try {
                    return Optional.of(UUID.fromString(text.substring(open + 1, text.length() - 1)
                            .replace("{", "").replace("}", "")));
                } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
                    return Optional.empty(); // the email's own validation reports the bad bind
                }
            }
        }
        return Optional.empty();
    }

    private TableDef templateTable(String logicalName, String what) {
        String name = logicalName == null ? "" : logicalName.strip();
        if (!TemplateTable.TYPES.contains(name)) {
            throw DataverseError.INVALID_ARGUMENT.withMessage(what + " '" + logicalName + "' is not a table"
                    + " templates are written for (account, contact, lead, queue, systemuser).");
        }
        return registry.require(name);
    }

    private TableDef regardingTable(EntityReference regarding) {
        regardingNavigation(regarding.table());
        return registry.require(regarding.table());
    }

    private String regardingNavigation(String table) {
        LookupDef regarding = registry.require(EmailTable.NAME).lookup("regardingobjectid").orElseThrow();
        return regarding.targetByTable(table).map(LookupDef.Target::navigation)
                .orElseThrow(() -> DataverseError.INVALID_ARGUMENT.withMessage("A " + table + " cannot be the"
                        + " regarding record of an email; it may be an account, contact or lead."));
    }

    private String bind(EntityReference reference) {
        return "/" + registry.require(reference.table()).entitySet() + "(" + reference.id() + ")";
    }

    private static void requireType(StoredTemplate template, String objectType) {
        if (!template.type().equals(TemplateTable.GLOBAL_TYPE) && !template.type().equals(objectType)) {
            throw typeMismatch(objectType, template);
        }
    }

    private static DataverseException typeMismatch(String objectType, StoredTemplate template) {
        return DataverseError.INVALID_ARGUMENT.withMessage("Template type is incorrect for given objectType "
                + objectType + " != " + template.type() + " template.templatetypecode");
    }

    /** Until requests carry an authenticated caller, every caller is the local administrator (as WhoAmI says). */
    /** The user the request acts for (the impersonated one under MSCRMCallerID): the template's sending user. */
    private UUID callingUser() {
        return caller.get().userId();
    }
}
