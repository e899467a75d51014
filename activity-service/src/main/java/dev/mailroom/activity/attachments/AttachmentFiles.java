package dev.mailroom.activity.attachments;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.error.DataverseException;
import dev.mailroom.activity.odata.model.StreamedValue;
import dev.mailroom.activity.odata.model.TableDef;
import dev.mailroom.activity.odata.model.TableRegistry;
import dev.mailroom.activity.odata.sql.RecordStore;
import dev.mailroom.activity.odata.sql.Sql;
import dev.mailroom.eventing.ids.TimeOrderedIds;
import dev.mailroom.events.EmailAttachment;

/**
 * The files behind {@code activitymimeattachment} rows, inside the row's transaction: a new file is checked
 * against the organization's limits and streamed to attachment-service, which keeps one copy per content; a reuse
 * points at an existing {@code attachment}; the owner's counter and numbering follow; a file no row uses any more
 * is forgotten and its blob reference released.
 */
@ApplicationScoped
public class AttachmentFiles {

    private static final String DEFAULT_MIME_TYPE = "application/octet-stream";

    private final RecordStore store;
    private final TableRegistry registry;
    private final AttachmentPolicy policy;
    private final AttachmentServiceClient client;
    private final BlobReferences references;

    public AttachmentFiles(RecordStore store, TableRegistry registry, AttachmentPolicy policy,
            AttachmentServiceClient client, BlobReferences references) {
        this.store = store;
        this.registry = registry;
        this.policy = policy;
        this.client = client;
        this.references = references;
    }

    /** Completes a new row: its file (stored or reused), size, type and number; the owner's count goes up. */
    public void attach(Map<String, Object> values) {
        UUID objectId = (UUID) values.get("objectid");
        if (objectId == null) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("An attachment needs its email or template: bind "
                    + "'objectid_email@odata.bind' or 'objectid_template@odata.bind'.");
        }
        TableDef owner = registry.require((String) values.get("objecttypecode"));
        lockOpenOwner(owner, objectId);
        String body = (String) values.remove("body");
        UUID attachmentId = (UUID) values.get("attachmentid");
        if (attachmentId != null) {
            reuse(values, attachmentId, body);
        } else {
            storeNew(values, body);
        }
        if (owner.column("attachmentcount").isPresent()) {
            store.execute("UPDATE " + owner.sqlTable() + " SET attachmentcount = attachmentcount + 1 WHERE \""
                    + owner.primaryKey() + "\" = ?", List.of(objectId));
        }
        Number next = (Number) store.query(Sql.of("SELECT coalesce(max(attachmentnumber), 0) + 1 AS n FROM "
                + "activitymimeattachment WHERE objectid = ?", objectId)).get(0).get("n");
        values.put("attachmentnumber", next.intValue());
    }

    /** A row of a completed or canceled email cannot be added or removed: what was sent stays as it was. */
    public void checkDetach(Map<String, Object> row) {
        TableDef owner = registry.require((String) row.get("objecttypecode"));
        lockOpenOwner(owner, (UUID) row.get("objectid"));
    }

    /** After a row was deleted: the owner's count goes down and an unused file is forgotten. */
    public void detached(Map<String, Object> row) {
        TableDef owner = registry.require((String) row.get("objecttypecode"));
        if (owner.column("attachmentcount").isPresent()) {
            store.execute("UPDATE " + owner.sqlTable() + " SET attachmentcount = greatest(attachmentcount - 1, 0) "
                    + "WHERE \"" + owner.primaryKey() + "\" = ?", List.of(row.get("objectid")));
        }
        forgetUnused(Set.of((UUID) row.get("attachmentid")));
    }

    /** Deletes every attachment row of an email or template being deleted, keeping files other rows use. */
    public void deleteAllOf(UUID objectId) {
        Set<UUID> files = new LinkedHashSet<>();
        store.query(Sql.of("DELETE FROM activitymimeattachment WHERE objectid = ? RETURNING attachmentid", objectId))
                .forEach(row -> files.add((UUID) row.get("attachmentid")));
        forgetUnused(files);
    }

    /**
     * The files of a template in attachment order, each locked {@code FOR SHARE} until the transaction ends, so that
     * deleting the template's last row using a file waits for the rows made from it here.
     */
    public List<TemplateFile> templateFiles(UUID templateId) {
        return store.query(Sql.of("SELECT m.subject, m.filename, m.mimetype, m.attachmentcontentid, a.attachmentid, "
                + "a.sha256, a.filesize FROM activitymimeattachment m JOIN attachment a ON a.attachmentid = "
                + "m.attachmentid WHERE m.objectid = ? ORDER BY m.attachmentnumber FOR SHARE OF a", templateId))
                .stream().map(row -> new TemplateFile((UUID) row.get("attachmentid"), (String) row.get("subject"),
                        (String) row.get("filename"), (String) row.get("mimetype"),
                        (String) row.get("attachmentcontentid"), ((String) row.get("sha256")).trim(),
                        ((Number) row.get("filesize")).intValue()))
                .toList();
    }

    /**
     * Gives a new email the files of the template it is made from, by reference: one row per file, pointing at the
     * template's stored file (no upload, no copy, no new blob reference), numbered after the email's own files.
     */
    public void carry(List<TemplateFile> files, UUID emailId) {
        if (files.isEmpty()) {
            return;
        }
        Number first = (Number) store.query(Sql.of("SELECT coalesce(max(attachmentnumber), 0) + 1 AS n FROM "
                + "activitymimeattachment WHERE objectid = ?", emailId)).get(0).get("n");
        Instant now = Instant.now();
        List<List<Object>> rows = new java.util.ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            TemplateFile file = files.get(i);
            rows.add(java.util.Arrays.asList(TimeOrderedIds.next(), emailId, file.subject(), file.filename(),
                    file.size(), file.mimeType(), file.attachmentId(), first.intValue() + i, file.contentId(), now,
                    now));
        }
        store.executeBatch("INSERT INTO activitymimeattachment (activitymimeattachmentid, objectid, objecttypecode, "
                + "subject, filename, filesize, mimetype, attachmentid, attachmentnumber, attachmentcontentid, "
                + "createdon, modifiedon) VALUES (?, ?, 'email', ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
        store.execute("UPDATE email SET attachmentcount = attachmentcount + ? WHERE activityid = ?",
                List.of(files.size(), emailId));
    }

    /** The Base64 text of each row's file, by row id (for {@code $select=body}). */
    public Map<UUID, String> bodies(List<UUID> rowIds) {
        Map<UUID, String> bodies = new HashMap<>();
        for (Map<String, Object> row : store.query(Sql.of("SELECT m.activitymimeattachmentid AS id, a.sha256 FROM "
                + "activitymimeattachment m JOIN attachment a ON a.attachmentid = m.attachmentid "
                + "WHERE m.activitymimeattachmentid = ANY(?)", (Object) rowIds.toArray(UUID[]::new)))) {
            try (InputStream in = client.open(((String) row.get("sha256")).trim())) {
                bodies.put((UUID) row.get("id"), Base64.getEncoder().encodeToString(in.readAllBytes()));
            } catch (IOException e) {
                throw AttachmentServiceClient.unavailable();
            }
        }
        return bodies;
    }

    /** One row's file as Base64 text ({@code body/$value}), streamed from attachment-service as it is encoded. */
    public StreamedValue openBody(UUID rowId) {
        Map<String, Object> file = fileOf(rowId);
        long size = ((Number) file.get("filesize")).longValue();
        InputStream content = client.open(((String) file.get("sha256")).trim());
        return new StreamedValue() {
            @Override
            public String contentType() {
                return "text/plain";
            }

            @Override
            public long length() {
                return (size + 2) / 3 * 4;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                try (content; OutputStream base64 = Base64.getEncoder().wrap(new FilterOutputStream(out) {
                    @Override
                    public void write(byte[] bytes, int offset, int length) throws IOException {
                        out.write(bytes, offset, length);
                    }

                    @Override
                    public void close() throws IOException {
                        flush(); // the response closes itself
                    }
                })) {
                    content.transferTo(base64);
                }
            }
        };
    }

    /** An email's files in attachment order, by reference, as its EmailPending event carries them. */
    public List<EmailAttachment> sendList(UUID emailId) {
        return store.query(Sql.of("SELECT a.sha256, m.filename, m.mimetype, a.filesize FROM activitymimeattachment m "
                + "JOIN attachment a ON a.attachmentid = m.attachmentid WHERE m.objectid = ? "
                + "ORDER BY m.attachmentnumber", emailId)).stream()
                .map(row -> new EmailAttachment(((String) row.get("sha256")).trim(),
                        row.get("filename") == null ? "attachment" : (String) row.get("filename"),
                        row.get("mimetype") == null ? DEFAULT_MIME_TYPE : (String) row.get("mimetype"),
                        ((Number) row.get("filesize")).longValue()))
                .toList();
    }

    /** The blob (SHA-256) and size of one row's file, for a download. */
    public Map<String, Object> fileOf(UUID rowId) {
        List<Map<String, Object>> rows = store.query(Sql.of("SELECT a.sha256, a.filesize, m.filename, m.mimetype "
                + "FROM activitymimeattachment m JOIN attachment a ON a.attachmentid = m.attachmentid "
                + "WHERE m.activitymimeattachmentid = ?", rowId));
        if (rows.isEmpty()) {
            throw DataverseException.notFound("activitymimeattachment", rowId);
        }
        return rows.get(0);
    }

    private void reuse(Map<String, Object> values, UUID attachmentId, String body) {
        if (body != null) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("An attachment reusing an existing 'attachmentid' "
                    + "takes no 'body'.");
        }
        // FOR SHARE: a concurrent delete of the last row using this file waits until this row exists.
        Map<String, Object> file = store.query(Sql.of("SELECT filename, filesize, mimetype FROM attachment "
                + "WHERE attachmentid = ? FOR SHARE", attachmentId)).get(0);
        values.putIfAbsent("filename", file.get("filename"));
        if (values.get("filename") != null) {
            AttachmentPolicy.checkFilename((String) values.get("filename"));
        }
        values.putIfAbsent("mimetype", file.get("mimetype"));
        values.put("filesize", file.get("filesize"));
    }

    private void storeNew(Map<String, Object> values, String body) {
        if (body == null) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("An attachment needs a 'body' (the file in Base64) "
                    + "or an existing file bound with 'attachmentid@odata.bind'.");
        }
        String filename = (String) values.get("filename");
        String mimeType = values.get("mimetype") == null ? DEFAULT_MIME_TYPE : (String) values.get("mimetype");
        policy.checkUpload(filename, mimeType, body.length());
        Base64Text.check(body);
        StoredFile stored = client.store(() -> Base64Text.decode(body), mimeType);
        UUID attachmentId = registerFile(stored, filename, mimeType);
        values.put("attachmentid", attachmentId);
        values.put("mimetype", mimeType);
        values.put("filesize", (int) stored.size());
    }

    /** Records a stored blob as a new file (an {@code attachment} row holding one reference to it). */
    public UUID registerFile(StoredFile stored, String filename, String mimeType) {
        references.take(stored.sha256());
        UUID attachmentId = TimeOrderedIds.next();
        Instant now = Instant.now();
        store.execute("INSERT INTO attachment (attachmentid, sha256, filename, filesize, mimetype, createdon, "
                + "modifiedon) VALUES (?, ?, ?, ?, ?, ?, ?)",
                java.util.Arrays.asList(attachmentId, stored.sha256(), filename, (int) stored.size(), mimeType, now,
                        now));
        return attachmentId;
    }

    private void lockOpenOwner(TableDef owner, UUID objectId) {
        List<Map<String, Object>> rows = store.query(Sql.of("SELECT * FROM " + owner.sqlTable() + " WHERE \""
                + owner.primaryKey() + "\" = ? FOR UPDATE", objectId));
        if (rows.isEmpty()) {
            throw DataverseException.notFound(owner.logicalName(), objectId);
        }
        Object state = rows.get(0).get("statecode");
        if (owner.column("statecode").isPresent() && state != null && ((Number) state).intValue() != 0) {
            throw DataverseError.INVALID_OPERATION.withMessage("This " + owner.logicalName() + " is completed or "
                    + "canceled: its attachments cannot change.");
        }
    }

    /** Forgets the files neither a row nor a bulk job still uses, releasing their blobs after the commit. */
    void forgetUnused(Set<UUID> attachmentIds) {
        if (attachmentIds.isEmpty()) {
            return;
        }
        store.query(Sql.of("DELETE FROM attachment a WHERE a.attachmentid = ANY(?) AND NOT EXISTS (SELECT 1 FROM "
                + "activitymimeattachment m WHERE m.attachmentid = a.attachmentid) AND NOT EXISTS (SELECT 1 FROM "
                + "bulk_mail_attachment b WHERE b.attachmentid = a.attachmentid) RETURNING a.sha256",
                (Object) attachmentIds.toArray(UUID[]::new)))
                .forEach(row -> references.releaseAfterCommit(((String) row.get("sha256")).trim()));
    }
}
