package dev.mailroom.activity.tables;

import static dev.mailroom.activity.odata.model.ColumnDef.integer;
import static dev.mailroom.activity.odata.model.ColumnDef.memo;
import static dev.mailroom.activity.odata.model.ColumnDef.string;

import dev.mailroom.activity.odata.model.LookupDef;
import dev.mailroom.activity.odata.model.LookupDef.Target;
import dev.mailroom.activity.odata.model.TableDef;

/**
 * {@code activitymimeattachment} (set {@code activitymimeattachments}): a file attached to an email or a template;
 * and {@code attachment} (set {@code attachments}, read-only): the stored file several of them may share.
 */
public final class AttachmentTables {

    public static final String MIME_ATTACHMENT = "activitymimeattachment";
    public static final String ATTACHMENT = "attachment";
    /** Dataverse's column: String(1,073,741,823), the file in Base64. */
    public static final int MAX_BODY = 1_073_741_823;

    private AttachmentTables() {
    }

    /**
     * {@code objectid} is polymorphic: every target listed here may own attachments, gets them deleted with it
     * (AttachmentCascade) and, if it has an {@code attachmentcount} column, keeps it current (templates have none).
     */
    public static LookupDef objectLookup() {
        return LookupDef.polymorphic("objectid", "objecttypecode",
                new Target("objectid_email", EmailTable.NAME),
                new Target("objectid_template", TemplateTable.NAME));
    }

    public static TableDef activityMimeAttachment() {
        return TableDef.table(MIME_ATTACHMENT, "activitymimeattachments", "activitymimeattachmentid")
                .primaryName("filename")
                .columns(
                        string("objecttypecode", 64),
                        string("subject", 2000),
                        memo("body", MAX_BODY),
                        string("filename", 255),
                        integer("filesize", 0, Integer.MAX_VALUE).readOnly(),
                        string("mimetype", 256),
                        integer("attachmentnumber", 0, Integer.MAX_VALUE).readOnly(),
                        string("attachmentcontentid", 250))
                .lookups(
                        objectLookup(),
                        LookupDef.single("attachmentid", "attachmentid", ATTACHMENT))
                .rules(new AttachmentRules())
                .build();
    }

    public static TableDef attachment() {
        return TableDef.table(ATTACHMENT, "attachments", "attachmentid")
                .primaryName("filename")
                .columns(
                        string("filename", 255).readOnly(),
                        integer("filesize", 0, Integer.MAX_VALUE).readOnly(),
                        string("mimetype", 256).readOnly())
                .readOnly()
                .build();
    }
}
