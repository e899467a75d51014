-- Numbered 1.1, not 2: every service numbers its own migrations from V2 in the same Flyway history, so eventing's
-- later migrations take 1.x versions to never collide with them (see eventing/README.md).

-- Outbox rows Kafka refused for good (too large, invalid): moved here so the rows behind them keep flowing.
CREATE TABLE outbox_dead_letter (
    id               BIGINT       PRIMARY KEY,  -- the row's id in outbox_event, for the order it had
    event_id         UUID         NOT NULL UNIQUE,
    topic            VARCHAR(200) NOT NULL,
    message_key      VARCHAR(400) NOT NULL,
    event_type       VARCHAR(200) NOT NULL,
    source           VARCHAR(200) NOT NULL,
    subject          VARCHAR(400),
    occurred_at      TIMESTAMPTZ  NOT NULL,
    payload          TEXT         NOT NULL,
    reason           TEXT         NOT NULL,
    dead_lettered_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- The inbox pruner deletes by age.
CREATE INDEX processed_event_processed_at ON processed_event (processed_at);
