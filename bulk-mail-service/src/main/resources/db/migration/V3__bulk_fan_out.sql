-- What a job needs to page and render on any instance, and where its paging stands.
ALTER TABLE bulk_job
    ADD COLUMN sender_id          UUID,
    ADD COLUMN sender_type        VARCHAR(64),
    ADD COLUMN template_subject   TEXT,
    ADD COLUMN template_body      TEXT,
    ADD COLUMN regarding_type     VARCHAR(64),
    ADD COLUMN regarding_id       UUID,
    ADD COLUMN entity_set         VARCHAR(64)  NOT NULL DEFAULT 'contacts',
    ADD COLUMN filter             TEXT,
    ADD COLUMN recipients_read    INTEGER      NOT NULL DEFAULT 0,
    ADD COLUMN pages_published    INTEGER      NOT NULL DEFAULT 0,
    ADD COLUMN paging_done        BOOLEAN      NOT NULL DEFAULT FALSE,
    ADD COLUMN failure            TEXT;
-- The old running counts are summed from bulk_page instead: pages of one job are fanned out concurrently.
ALTER TABLE bulk_job DROP COLUMN emails_created, DROP COLUMN recipients_skipped;

-- One row per page fanned out (or passed over after a cancellation), with what it produced.
CREATE TABLE bulk_page (
    job_id       UUID     NOT NULL REFERENCES bulk_job (job_id) ON DELETE CASCADE,
    page_number  INTEGER  NOT NULL,
    created      INTEGER  NOT NULL,
    skipped      INTEGER  NOT NULL,
    PRIMARY KEY (job_id, page_number)
);

-- Every recipient a job has dealt with: one email per recipient record and per address, whatever is redelivered.
CREATE TABLE bulk_recipient (
    job_id        UUID          NOT NULL REFERENCES bulk_job (job_id) ON DELETE CASCADE,
    recipient_id  UUID          NOT NULL,
    address_key   VARCHAR(320),               -- lower-cased address of a recipient emailed; null when skipped
    outcome       VARCHAR(16)   NOT NULL CHECK (outcome IN ('CREATED', 'SKIPPED', 'DUPLICATE')),
    PRIMARY KEY (job_id, recipient_id)
);
CREATE UNIQUE INDEX bulk_recipient_address ON bulk_recipient (job_id, address_key);

-- Orders progress reports of one job across instances: a consumer applies only a newer one.
CREATE SEQUENCE bulk_progress_sequence;

-- Cancellations, kept even when they arrive before their job is recorded (they travel on their own consumer group).
CREATE TABLE bulk_cancellation (
    job_id        UUID          PRIMARY KEY,
    requested_at  TIMESTAMPTZ   NOT NULL DEFAULT now()
);
