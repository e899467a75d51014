-- A claim whose lease ran out was abandoned: its router died or hung, maybe before it handed the message to SMTP,
-- maybe after. Taking it over is not the resend of an unknown outcome (that one stays for a failure seen after the
-- final dot): each takeover answers one vanished router, so it is counted on its own and bounded by
-- router.max-takeovers, which stops an email that brings down every router that sends it.
ALTER TABLE send_ledger ADD COLUMN takeovers INTEGER NOT NULL DEFAULT 0;
