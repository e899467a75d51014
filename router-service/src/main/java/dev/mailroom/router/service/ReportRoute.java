package dev.mailroom.router.service;

/** How the status report of a recorded outcome reaches Kafka. */
public enum ReportRoute {

    /**
     * Published by the router as soon as the outcome is recorded, and the batch's pending records are committed only
     * once the broker has it: a pending record that comes again (the router died before the acknowledgement, or the
     * batch was retried) has the report published again from the ledger, as the same event. For emails of a Kafka
     * batch, nearly all of them: no outbox row is written and deleted per email.
     */
    WITH_BATCH,

    /**
     * Written to the outbox in the statement that records the outcome: for sends no Kafka record stands behind
     * (retries, unknown outcomes and takeovers the ledger hands out), whose report nothing else would repeat.
     */
    OUTBOX
}
