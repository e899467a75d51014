-- The W3C traceparent of the pending email as it arrived from Kafka: every send of the email (the first, each retry,
-- a resend by another router) is a span of the email's one trace, and so are its status reports. NULL when the
-- pending record carried no trace context.
ALTER TABLE send_ledger ADD COLUMN traceparent VARCHAR(55);
