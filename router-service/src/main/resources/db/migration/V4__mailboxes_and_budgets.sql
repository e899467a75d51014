-- Projections of activity-service's mailbox settings (topic mailbox-settings): rows are never deleted, a deleted
-- record keeps a row with deleted = TRUE, so that an older event replayed late cannot bring it back. changed_at
-- is the event's occurredAt: an event older than the row changes nothing.
CREATE TABLE mailbox (
    mailbox_id         UUID          PRIMARY KEY,
    email_address      VARCHAR(320),
    incoming_method    INTEGER       NOT NULL,
    outgoing_method    INTEGER       NOT NULL,
    approval           INTEGER       NOT NULL,
    owner_id           UUID,
    owner_type         VARCHAR(64),
    server_profile_id  UUID,
    deleted            BOOLEAN       NOT NULL,
    changed_at         TIMESTAMPTZ   NOT NULL
);
CREATE INDEX mailbox_address ON mailbox (lower(email_address)) WHERE NOT deleted;

-- Users and queues: their address and approval.
CREATE TABLE mailbox_owner (
    owner_id       UUID          PRIMARY KEY,
    owner_type     VARCHAR(64)   NOT NULL,
    email_address  VARCHAR(320),
    approval       INTEGER       NOT NULL,
    deleted        BOOLEAN       NOT NULL,
    changed_at     TIMESTAMPTZ   NOT NULL
);
CREATE INDEX mailbox_owner_address ON mailbox_owner (lower(email_address)) WHERE NOT deleted;

CREATE TABLE approval_settings (
    organization_id         UUID          PRIMARY KEY,
    require_user_approval   BOOLEAN       NOT NULL,
    require_queue_approval  BOOLEAN       NOT NULL,
    changed_at              TIMESTAMPTZ   NOT NULL
);

-- Passwords stay sealed here too; a router opens them only to log in.
CREATE TABLE server_profile (
    profile_id                UUID          PRIMARY KEY,
    incoming_server           VARCHAR(2048),
    incoming_port             INTEGER,
    incoming_uses_ssl         BOOLEAN       NOT NULL,
    incoming_username         VARCHAR(1024),
    incoming_password_sealed  TEXT,
    outgoing_server           VARCHAR(2048),
    outgoing_port             INTEGER,
    outgoing_uses_ssl         BOOLEAN       NOT NULL,
    outgoing_username         VARCHAR(1024),
    outgoing_password_sealed  TEXT,
    deleted                   BOOLEAN       NOT NULL,
    changed_at                TIMESTAMPTZ   NOT NULL
);

-- Per-mailbox send budgets all routers share: a token bucket per sender address, refilled at the mailbox's rate
-- from the database clock; a batch takes its tokens in one statement. granted is what the last taker got.
CREATE TABLE send_budget (
    mailbox      VARCHAR(320)  PRIMARY KEY,
    tokens       FLOAT8        NOT NULL,
    refilled_at  TIMESTAMPTZ   NOT NULL,
    granted      INTEGER       NOT NULL
);

-- Incoming mail: which router polls a mailbox now (a lease, so one at a time) and how far it got. IMAP: the
-- folder's UIDVALIDITY and the last UID published; POP3 has no order, so the UIDLs already published are kept.
CREATE TABLE incoming_poll (
    mailbox_id    UUID          PRIMARY KEY,
    held_by       VARCHAR(200),
    lease_until   TIMESTAMPTZ,
    next_poll_at  TIMESTAMPTZ,
    uid_validity  BIGINT,
    last_uid      BIGINT        NOT NULL DEFAULT 0,
    last_error    TEXT
);

CREATE TABLE incoming_seen_uidl (
    mailbox_id  UUID          NOT NULL,
    uidl        VARCHAR(512)  NOT NULL,
    PRIMARY KEY (mailbox_id, uidl)
);
