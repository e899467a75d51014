-- Batched sending: retries and unknown outcomes wait in the ledger, which keeps the email until it is finished.
ALTER TABLE send_ledger DROP CONSTRAINT send_ledger_state_check;
ALTER TABLE send_ledger ADD CONSTRAINT send_ledger_state_check
    CHECK (state IN ('CLAIMED', 'RETRY', 'UNKNOWN', 'SENT', 'FAILED'));
-- When a RETRY or UNKNOWN row is due again; NULL otherwise.
ALTER TABLE send_ledger ADD COLUMN next_attempt_at TIMESTAMPTZ;
-- How many times a send whose outcome was unknown (or whose router vanished) was resent; the policy allows one.
ALTER TABLE send_ledger ADD COLUMN unknown_resends INTEGER NOT NULL DEFAULT 0;
-- The EmailPending JSON, kept until the email is finished so any router can retry it without Kafka.
ALTER TABLE send_ledger ADD COLUMN payload TEXT;
CREATE INDEX send_ledger_due ON send_ledger (next_attempt_at) WHERE state IN ('RETRY', 'UNKNOWN');
CREATE INDEX send_ledger_claimed ON send_ledger (lease_until) WHERE state = 'CLAIMED';
