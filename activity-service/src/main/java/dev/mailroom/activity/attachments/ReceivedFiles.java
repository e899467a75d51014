package dev.mailroom.activity.attachments;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.mailroom.activity.error.DataverseException;
import dev.mailroom.activity.odata.sql.RecordStore;
import dev.mailroom.eventing.ids.TimeOrderedIds;
import dev.mailroom.events.IncomingAttachment;

/**
 * The files of received mail, which a router stored in attachment-service before it published the message, holding
 * one blob reference per file. Linking a file to its new email takes that reference over: the {@code attachment}
 * row made for it holds it from then on (as a row made by an upload holds the one its upload took), so nothing is
 * uploaded or referenced again. A file the organization does not accept (extension in {@code blockedattachments},
 * MIME type lists, {@code maxuploadfilesize}), or one the router could not store, is not linked: the email's
 * {@code notifications} becomes 1 ("not all attachments saved"), and its reference is released once the
 * transaction has committed, after which attachment-service's collector deletes the bytes at the end of its grace
 * period (unless another row uses the same content). The files of a message delivered before are released the
 * same way, so a repeat never links a file twice.
 */
@ApplicationScoped
public class ReceivedFiles {

    /** Dataverse's {@code notifications} value: the email was saved, but not all of its attachments. */
    public static final int NOT_ALL_ATTACHMENTS_SAVED = 1;

    private static final Logger LOG = Logger.getLogger(ReceivedFiles.class);
    private static final String DEFAULT_MIME_TYPE = "application/octet-stream";

    private final RecordStore store;
    private final AttachmentPolicy policy;
    private final BlobReferences references;

    public ReceivedFiles(RecordStore store, AttachmentPolicy policy, BlobReferences references) {
        this.store = store;
        this.references = references;
        this.policy = policy;
    }

    /**
     * Gives emails just created from received messages their files, in the transaction that created them: two
     * batched inserts (files, rows) and one batched update of the emails' {@code attachmentcount} and
     * {@code notifications}, whatever the number of emails. The organization's limits are read once.
     */
    public void link(Map<UUID, List<IncomingAttachment>> filesByEmail) {
        if (filesByEmail.values().stream().allMatch(List::isEmpty)) {
            return;
        }
        AttachmentPolicy.Limits limits = policy.limits();
        Instant now = Instant.now();
        List<List<Object>> files = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        List<List<Object>> emails = new ArrayList<>();
        filesByEmail.forEach((emailId, received) -> {
            int linked = 0;
            boolean notAllSaved = false;
            for (IncomingAttachment file : received) {
                String filename = AttachmentPolicy.cleanFilename(file.filename());
                String mimeType = file.mimeType() == null || file.mimeType().isBlank() ? DEFAULT_MIME_TYPE
                        : file.mimeType();
                String refusal = refusal(limits, file, filename, mimeType);
                if (refusal != null) {
                    LOG.infof("Attachment %s of received email %s is not saved: %s", filename, emailId, refusal);
                    notAllSaved = true;
                    letGo(file);
                    continue;
                }
                linked++;
                UUID attachmentId = TimeOrderedIds.next();
                files.add(Arrays.asList(attachmentId, file.sha256(), filename, (int) file.size(), mimeType, now,
                        now));
                rows.add(Arrays.asList(TimeOrderedIds.next(), emailId, filename, (int) file.size(), mimeType,
                        attachmentId, linked, contentId(file.contentId()), now, now));
            }
            if (linked > 0 || notAllSaved) {
                emails.add(Arrays.asList(linked, notAllSaved, emailId));
            }
        });
        if (!files.isEmpty()) {
            store.executeBatch("INSERT INTO attachment (attachmentid, sha256, filename, filesize, mimetype, "
                    + "createdon, modifiedon) VALUES (?, ?, ?, ?, ?, ?, ?)", files);
            store.executeBatch("INSERT INTO activitymimeattachment (activitymimeattachmentid, objectid, "
                    + "objecttypecode, filename, filesize, mimetype, attachmentid, attachmentnumber, "
                    + "attachmentcontentid, createdon, modifiedon) VALUES (?, ?, 'email', ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows);
        }
        if (!emails.isEmpty()) {
            store.executeBatch("UPDATE email SET attachmentcount = attachmentcount + ?, notifications = CASE WHEN ? "
                    + "THEN " + NOT_ALL_ATTACHMENTS_SAVED + " ELSE notifications END WHERE activityid = ?", emails);
        }
    }

    /** The files of a message that creates no email (delivered before): their references go once this commits. */
    public void letGo(List<IncomingAttachment> files) {
        files.forEach(this::letGo);
    }

    private void letGo(IncomingAttachment file) {
        if (file.sha256() != null) {
            references.releaseAfterCommit(file.sha256());
        }
    }

    /** Why a file is not linked, or null when it is; the same checks as an upload's, on the cleaned name. */
    private String refusal(AttachmentPolicy.Limits limits, IncomingAttachment file, String filename,
            String mimeType) {
        if (file.sha256() == null || !file.sha256().matches("[0-9a-f]{64}")) {
            return "the router could not store it";
        }
        if ((file.size() + 2) / 3 * 4 > limits.maxUploadFileSize()) {
            return "larger than maxuploadfilesize";
        }
        try {
            policy.checkType(limits, filename, mimeType);
        } catch (DataverseException e) {
            return e.getMessage();
        }
        return null;
    }

    private static String contentId(String contentId) {
        if (contentId == null || contentId.isBlank()) {
            return null;
        }
        String clean = contentId.strip();
        return clean.length() <= 250 ? clean : clean.substring(0, 250);
    }
}
