-- The files of a job's template, by reference (issue 8): every email of the job carries them to the router in
-- EmailPending.attachments. Copied from BulkMailRequested when the job is recorded.
CREATE TABLE bulk_job_attachment (
    job_id      UUID          NOT NULL REFERENCES bulk_job (job_id) ON DELETE CASCADE,
    position    INTEGER       NOT NULL,
    sha256      CHAR(64)      NOT NULL,
    filename    VARCHAR(255)  NOT NULL,
    mime_type   VARCHAR(256)  NOT NULL,
    size_bytes  BIGINT        NOT NULL,
    PRIMARY KEY (job_id, position)
);
