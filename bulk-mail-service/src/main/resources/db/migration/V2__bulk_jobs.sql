-- V1 (outbox_event, processed_event) comes from the eventing module: db/eventing.

-- One SendBulkMail request being fanned out: where the recipient paging stands and what it has produced.
CREATE TABLE bulk_job (
    job_id           UUID          PRIMARY KEY,  -- the asyncoperation id in activity-service
    template_id      UUID          NOT NULL,
    sender           VARCHAR(320)  NOT NULL,
    paging_cookie    TEXT,                       -- the nextLink of the recipient query still to read
    emails_created   INTEGER       NOT NULL DEFAULT 0,
    recipients_skipped INTEGER     NOT NULL DEFAULT 0,
    state            VARCHAR(16)   NOT NULL CHECK (state IN ('RUNNING', 'COMPLETED', 'FAILED', 'CANCELED')),
    started_at       TIMESTAMPTZ   NOT NULL,
    completed_at     TIMESTAMPTZ
);
