-- V1 (outbox_event, processed_event) comes from the eventing module: db/eventing.

-- One row per distinct content: the key is the SHA-256 of the bytes, which are stored once in the bucket.
CREATE TABLE blob (
    sha256         CHAR(64)      PRIMARY KEY,
    size_bytes     BIGINT        NOT NULL CHECK (size_bytes >= 0),
    reference_count INTEGER      NOT NULL DEFAULT 0 CHECK (reference_count >= 0),
    created_at     TIMESTAMPTZ   NOT NULL DEFAULT now(),
    unreferenced_since TIMESTAMPTZ  -- set when the count drops to 0; collection waits out a grace period
);
