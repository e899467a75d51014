-- The template's files of each SendBulkMail job (issue 8), copied when the job is requested. A row keeps its
-- attachment (and so its blob) alive while the job's emails are still being created, even if the template loses
-- the file meanwhile; every email the job creates gets one activitymimeattachment row per file, by reference.
-- The rows go when the job's asyncoperation is deleted.
CREATE TABLE bulk_mail_attachment (
    asyncoperationid     UUID           NOT NULL,
    attachmentnumber     INTEGER        NOT NULL,
    attachmentid         UUID           NOT NULL REFERENCES attachment (attachmentid),
    subject              VARCHAR(2000),
    filename             VARCHAR(255),
    filesize             INTEGER        NOT NULL,
    mimetype             VARCHAR(256),
    attachmentcontentid  VARCHAR(250),
    PRIMARY KEY (asyncoperationid, attachmentnumber)
);
-- Whether a file is still held by a job when the last row using it is deleted.
CREATE INDEX bulk_mail_attachment_attachment ON bulk_mail_attachment (attachmentid);
