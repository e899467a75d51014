-- Attachments (issue 8). An "attachment" row names one stored file (its bytes are a content-addressed blob in
-- attachment-service, found by sha256); "activitymimeattachment" rows attach it to an email or a template
-- (objectid + objecttypecode, a polymorphic lookup without a foreign key, so the cascade on delete is done by
-- dev.mailroom.activity.attachments.AttachmentCascade). Several rows may share one attachment (reuse).

CREATE TABLE attachment (
    attachmentid     UUID          PRIMARY KEY,
    sha256           CHAR(64)      NOT NULL,
    filename         VARCHAR(255),
    filesize         INTEGER       NOT NULL,
    mimetype         VARCHAR(256),
    createdon        TIMESTAMPTZ   NOT NULL,
    modifiedon       TIMESTAMPTZ   NOT NULL,
    versionnumber    BIGINT        NOT NULL DEFAULT 1
);

CREATE TABLE activitymimeattachment (
    activitymimeattachmentid  UUID           PRIMARY KEY,
    objectid                  UUID           NOT NULL,
    objecttypecode            VARCHAR(64)    NOT NULL,
    subject                   VARCHAR(2000),
    filename                  VARCHAR(255),
    filesize                  INTEGER        NOT NULL,
    mimetype                  VARCHAR(256),
    attachmentid              UUID           NOT NULL REFERENCES attachment (attachmentid),
    attachmentnumber          INTEGER        NOT NULL,
    attachmentcontentid       VARCHAR(250),
    createdon                 TIMESTAMPTZ    NOT NULL,
    modifiedon                TIMESTAMPTZ    NOT NULL,
    versionnumber             BIGINT         NOT NULL DEFAULT 1
);
-- An email's or template's attachments in order (its expansion, the router's list, the cascade on delete).
CREATE INDEX activitymimeattachment_object ON activitymimeattachment (objectid, attachmentnumber);
-- Whether an attachment is still used by another row when one is deleted.
CREATE INDEX activitymimeattachment_attachment ON activitymimeattachment (attachmentid);

-- Dataverse's MIME type lists (semicolon-separated); when allowedmimetypes is set, blockedmimetypes is ignored.
ALTER TABLE organization
    ADD COLUMN blockedmimetypes  TEXT,
    ADD COLUMN allowedmimetypes  TEXT;

-- Block uploads in progress (InitializeAttachmentBlocksUpload ... CommitAttachmentBlocksUpload).
CREATE TABLE attachment_upload (
    token        UUID          PRIMARY KEY,
    target       TEXT          NOT NULL,
    createdon    TIMESTAMPTZ   NOT NULL
);
CREATE TABLE attachment_upload_block (
    token        UUID          NOT NULL REFERENCES attachment_upload (token) ON DELETE CASCADE,
    blockid      VARCHAR(100)  NOT NULL,
    sha256       CHAR(64)      NOT NULL,
    size_bytes   INTEGER       NOT NULL,
    PRIMARY KEY (token, blockid)
);
