-- When the row's last outcome was recorded. Its status report carries this time, and an id derived from it and the
-- outcome (TimeOrderedIds.derived): a report published from a Kafka batch is not written to the outbox, and when
-- its pending record comes again (the router died before the broker acknowledged the report, or the batch was
-- retried) the report is published again from this row, as the same event under the same id. Written by the
-- statement that records the outcome, so it costs no row version of its own. NULL on rows recorded before it.
ALTER TABLE send_ledger ADD COLUMN outcome_at TIMESTAMPTZ;
