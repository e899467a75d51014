-- The W3C trace context of the transaction that wrote the event (the REST request, the consumer), so the relay can
-- continue that trace when it publishes: the record carries it as the CloudEvents distributed-tracing attributes
-- and the W3C traceparent header. NULL when the writer was not in a trace.
ALTER TABLE outbox_event ADD COLUMN traceparent VARCHAR(55);
ALTER TABLE outbox_event ADD COLUMN tracestate VARCHAR(512);
ALTER TABLE outbox_dead_letter ADD COLUMN traceparent VARCHAR(55);
ALTER TABLE outbox_dead_letter ADD COLUMN tracestate VARCHAR(512);
