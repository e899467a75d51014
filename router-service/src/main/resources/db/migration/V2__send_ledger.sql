-- V1 (outbox_event, processed_event) comes from the eventing module: db/eventing.

-- One row per email a router has touched: who holds the send, under which fencing epoch, and how it ended.
CREATE TABLE send_ledger (
    activity_id    UUID          PRIMARY KEY,
    state          VARCHAR(16)   NOT NULL CHECK (state IN ('CLAIMED', 'SENT', 'FAILED')),
    epoch          BIGINT        NOT NULL,   -- raised by every claim; a finish must present the epoch it claimed
    claimed_by     VARCHAR(200)  NOT NULL,
    lease_until    TIMESTAMPTZ   NOT NULL,   -- after this, another router may take the claim over
    attempts       INTEGER       NOT NULL DEFAULT 0,
    message_id     VARCHAR(320)  NOT NULL,
    finished_at    TIMESTAMPTZ,
    last_error     TEXT
);
