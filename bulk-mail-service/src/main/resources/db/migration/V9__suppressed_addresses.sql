-- Addresses that bounced permanently (EmailBounced with permanent = true, status 5.x.x): a bulk job skips them, and
-- counts them skipped, as it does recipients with donotbulkemail. Keyed by the address in lower case. Written by
-- upsert, so an event read twice changes nothing; a later bounce moves last_bounced_at and the reason.
CREATE TABLE suppressed_address (
    address            VARCHAR(320)  PRIMARY KEY,
    status             VARCHAR(32),
    diagnostic_code    VARCHAR(1000),
    activity_id        UUID          NOT NULL,
    first_bounced_at   TIMESTAMPTZ   NOT NULL,
    last_bounced_at    TIMESTAMPTZ   NOT NULL
);
