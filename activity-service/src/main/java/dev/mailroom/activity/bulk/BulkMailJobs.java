package dev.mailroom.activity.bulk;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.mailroom.activity.attachments.AttachmentFiles;
import dev.mailroom.activity.attachments.BulkMailFiles;
import dev.mailroom.activity.attachments.TemplateFile;
import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.error.DataverseException;
import dev.mailroom.activity.odata.uri.ODataUriParser;
import dev.mailroom.eventing.ids.TimeOrderedIds;
import dev.mailroom.eventing.outbox.OutboxWriter;
import dev.mailroom.events.BulkMailCancelRequested;
import dev.mailroom.events.BulkMailRequested;
import dev.mailroom.events.Topics;

/**
 * Bulk email jobs on activity-service's side: SendBulkMail records the job as an asyncoperation (operationtype 2
 * Bulk Email, Waiting) and publishes the request in the same transaction; a client's cancellation is published the
 * same way. bulk-mail-service does the fan-out and reports progress back.
 */
@ApplicationScoped
public class BulkMailJobs {

    public static final int OPERATION_TYPE_BULK_EMAIL = 2;
    public static final int STATE_SUSPENDED = 1;
    public static final int STATUS_WAITING = 10;

    private final EntityManager entityManager;
    private final OutboxWriter outbox;
    private final ODataUriParser uriParser;
    private final TemplateLookup templates;
    private final AttachmentFiles attachments;
    private final BulkMailFiles bulkFiles;
    private final Clock clock = Clock.systemUTC();

    public BulkMailJobs(EntityManager entityManager, OutboxWriter outbox, ODataUriParser uriParser,
            TemplateLookup templates, AttachmentFiles attachments, BulkMailFiles bulkFiles) {
        this.entityManager = entityManager;
        this.outbox = outbox;
        this.uriParser = uriParser;
        this.templates = templates;
        this.attachments = attachments;
        this.bulkFiles = bulkFiles;
    }

    /** @return the new job's asyncoperation id */
    @Transactional
    public UUID request(BulkSender sender, UUID templateId, String regardingType, UUID regardingId,
            RecipientQuery query) {
        BulkTemplate template = templates.find(templateId)
                .orElseThrow(() -> DataverseException.notFound("template", templateId));
        if (!template.isGlobal() && !template.templateTypeCode().equals(query.table())) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("The template is for " + template.templateTypeCode()
                    + " records, but the Query reads " + query.entitySet() + ".");
        }
        checkFilter(query);
        UUID jobId = TimeOrderedIds.next();
        Instant now = clock.instant();
        entityManager.createNativeQuery("INSERT INTO asyncoperation (asyncoperationid, name, operationtype, "
                + "statecode, statuscode, messagename, regardingobjectid, regardingobjecttypecode, createdon, "
                + "modifiedon) VALUES (:id, :name, :type, :state, :status, 'SendBulkMail', :regarding, "
                + ":regardingType, :now, :now)")
                .setParameter("id", jobId)
                .setParameter("name", cut("Bulk email: " + (template.title() != null ? template.title() : templateId)))
                .setParameter("type", OPERATION_TYPE_BULK_EMAIL)
                .setParameter("state", STATE_SUSPENDED)
                .setParameter("status", STATUS_WAITING)
                .setParameter("regarding", regardingId)
                .setParameter("regardingType", regardingType)
                .setParameter("now", now)
                .executeUpdate();
        // The template's files go with the job by reference, held until its asyncoperation is deleted.
        List<TemplateFile> files = attachments.templateFiles(templateId);
        bulkFiles.hold(jobId, files);
        BulkMailRequested event = new BulkMailRequested(UUID.randomUUID(), now, jobId, sender.id(), sender.type(),
                sender.address(), templateId, template.subject(), template.body(), regardingType, regardingId,
                query.entitySet(), query.filter(), files.stream().map(TemplateFile::toEmailAttachment).toList());
        try {
            outbox.append(Topics.BULK_MAIL_REQUESTED, jobId.toString(), BulkMailRequested.TYPE, jobId.toString(),
                    event);
        } catch (IllegalArgumentException e) {
            throw DataverseError.MESSAGE_SIZE_EXCEEDED.withMessage("The template is too large for a bulk email.");
        }
        return jobId;
    }

    /** Publishes the cancellation of a job a client moved to Canceling; the caller has updated the row. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void cancel(UUID jobId) {
        outbox.append(Topics.BULK_MAIL_REQUESTED, jobId.toString(), BulkMailCancelRequested.TYPE, jobId.toString(),
                new BulkMailCancelRequested(UUID.randomUUID(), clock.instant(), jobId));
    }

    /** Refuses a filter the query API would refuse, now, instead of a job that fails on its first page. */
    private void checkFilter(RecipientQuery query) {
        String rawQuery = query.filter() == null ? null
                : "$filter=" + URLEncoder.encode(query.filter(), StandardCharsets.UTF_8).replace("+", "%20");
        uriParser.parse(query.entitySet(), rawQuery, "GET");
    }

    private static String cut(String name) {
        return name.length() <= 256 ? name : name.substring(0, 256);
    }

    /** Who sends: a systemuser or a queue, and the address its emails come from. */
    public record BulkSender(UUID id, String type, String address) {

        public static final List<String> TYPES = List.of("systemuser", "queue");
    }
}
