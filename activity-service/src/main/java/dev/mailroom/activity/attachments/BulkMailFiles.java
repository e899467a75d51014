package dev.mailroom.activity.attachments;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.activity.odata.sql.RecordStore;
import dev.mailroom.activity.odata.sql.Sql;

/**
 * A bulk job's template files (table {@code bulk_mail_attachment}): held for the job from SendBulkMail on, so that
 * the files its emails carry cannot be forgotten while the job still creates them, and given by reference to each
 * email the job creates (no upload, no copy, no new blob reference).
 */
@ApplicationScoped
public class BulkMailFiles {

    private final RecordStore store;
    private final AttachmentFiles files;

    public BulkMailFiles(RecordStore store, AttachmentFiles files) {
        this.store = store;
        this.files = files;
    }

    /** Holds the template's files for a new job, in the request's transaction. */
    public void hold(UUID jobId, List<TemplateFile> templateFiles) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < templateFiles.size(); i++) {
            TemplateFile file = templateFiles.get(i);
            rows.add(java.util.Arrays.asList(jobId, i + 1, file.attachmentId(), file.subject(), file.filename(),
                    file.size(), file.mimeType(), file.contentId()));
        }
        if (!rows.isEmpty()) {
            store.executeBatch("INSERT INTO bulk_mail_attachment (asyncoperationid, attachmentnumber, attachmentid, "
                    + "subject, filename, filesize, mimetype, attachmentcontentid) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    rows);
        }
    }

    /**
     * Gives emails just created by bulk jobs their job's files: one statement for the rows, one for the counters,
     * whatever the batch's size. Emails of jobs without files get nothing.
     */
    public void giveTo(Collection<UUID> emailIds) {
        if (emailIds.isEmpty()) {
            return;
        }
        UUID[] ids = emailIds.toArray(UUID[]::new);
        int added = store.execute("INSERT INTO activitymimeattachment (activitymimeattachmentid, objectid, "
                + "objecttypecode, subject, filename, filesize, mimetype, attachmentid, attachmentnumber, "
                + "attachmentcontentid, createdon, modifiedon) SELECT gen_random_uuid(), e.activityid, 'email', "
                + "b.subject, b.filename, b.filesize, b.mimetype, b.attachmentid, b.attachmentnumber, "
                + "b.attachmentcontentid, now(), now() FROM email e JOIN bulk_mail_attachment b "
                + "ON b.asyncoperationid = e.asyncoperationid WHERE e.activityid = ANY(?)", List.of((Object) ids));
        if (added > 0) {
            store.execute("UPDATE email e SET attachmentcount = e.attachmentcount + (SELECT count(*) FROM "
                    + "bulk_mail_attachment b WHERE b.asyncoperationid = e.asyncoperationid) "
                    + "WHERE e.activityid = ANY(?) AND e.asyncoperationid IS NOT NULL", List.of((Object) ids));
        }
    }

    /** Lets a deleted job's files go; a file no row uses any more is forgotten. */
    public void release(UUID jobId) {
        List<UUID> held = store.query(Sql.of("DELETE FROM bulk_mail_attachment WHERE asyncoperationid = ? "
                + "RETURNING attachmentid", jobId)).stream().map(row -> (UUID) row.get("attachmentid")).toList();
        files.forgetUnused(new java.util.LinkedHashSet<>(held));
    }
}
