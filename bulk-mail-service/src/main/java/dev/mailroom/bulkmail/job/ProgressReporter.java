package dev.mailroom.bulkmail.job;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.mailroom.eventing.outbox.OutboxWriter;
import dev.mailroom.events.BulkMailProgress;
import dev.mailroom.events.Topics;

/** Publishes where a job stands, through the outbox, in the transaction that moved it. */
@ApplicationScoped
public class ProgressReporter {

    private final BulkJobStore jobs;
    private final OutboxWriter outbox;

    public ProgressReporter(BulkJobStore jobs, OutboxWriter outbox) {
        this.jobs = jobs;
        this.outbox = outbox;
    }

    /** @param failure why a FAILED job failed, else null */
    @Transactional(Transactional.TxType.MANDATORY)
    public void report(UUID jobId, BulkJob.State state, String failure) {
        JobCounts counts = jobs.counts(jobId);
        String message = counts.describe(state) + (failure == null ? "" : " " + failure);
        BulkMailProgress progress = new BulkMailProgress(UUID.randomUUID(), Instant.now(), jobId,
                jobs.nextProgressSequence(), statuscode(state), counts.total(), counts.created(), counts.skipped(),
                message);
        String key = jobId.toString();
        outbox.append(Topics.BULK_MAIL_PROGRESS, key, BulkMailProgress.TYPE, key, progress);
    }

    /** asyncoperation statuscode: 20 In Progress, 30 Succeeded, 31 Failed, 32 Canceled. */
    static int statuscode(BulkJob.State state) {
        return switch (state) {
            case RUNNING -> 20;
            case COMPLETED -> 30;
            case FAILED -> 31;
            case CANCELED -> 32;
        };
    }
}
