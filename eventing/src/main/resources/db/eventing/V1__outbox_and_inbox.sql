-- Shared by every service, each in its own schema (see eventing/README.md).

-- Events waiting to be published: written in the same transaction as the change they describe.
CREATE TABLE outbox_event (
    id            BIGSERIAL    PRIMARY KEY,  -- publication order
    event_id      UUID         NOT NULL UNIQUE,
    topic         VARCHAR(200) NOT NULL,
    message_key   VARCHAR(400) NOT NULL,
    event_type    VARCHAR(200) NOT NULL,
    source        VARCHAR(200) NOT NULL,
    subject       VARCHAR(400),
    occurred_at   TIMESTAMPTZ  NOT NULL,
    payload       TEXT         NOT NULL
);

-- Events this service has applied: a repeat delivery finds its id here and is ignored.
CREATE TABLE processed_event (
    event_id      UUID         PRIMARY KEY,
    event_type    VARCHAR(200) NOT NULL,
    processed_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);
