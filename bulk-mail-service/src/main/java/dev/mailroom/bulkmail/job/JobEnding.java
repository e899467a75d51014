package dev.mailroom.bulkmail.job;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/**
 * Ends jobs: completed when paging is done and every page dealt with, failed when the query is refused, canceled on
 * request. Completion is checked after each page commits (the last one to commit sees all the others) and, against
 * an instance that stopped in between, by a periodic sweep.
 */
@ApplicationScoped
public class JobEnding {

    private static final Logger LOG = Logger.getLogger(JobEnding.class);

    private final BulkJobStore jobs;
    private final ProgressReporter progress;

    public JobEnding(BulkJobStore jobs, ProgressReporter progress) {
        this.jobs = jobs;
        this.progress = progress;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean completeIfDone(UUID jobId) {
        if (!jobs.completeIfDone(jobId)) {
            return false;
        }
        progress.report(jobId, BulkJob.State.COMPLETED, null);
        LOG.infof("Bulk job %s completed", jobId);
        return true;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void fail(UUID jobId, String reason) {
        if (jobs.end(jobId, BulkJob.State.FAILED, reason)) {
            progress.report(jobId, BulkJob.State.FAILED, reason);
            LOG.warnf("Bulk job %s failed: %s", jobId, reason);
        }
    }

    /**
     * Stops the job's remaining pages; waits for the pages being fanned out right now. A cancellation for a job not
     * recorded yet is kept, and the job ends as soon as it is recorded.
     */
    @Transactional
    public void cancel(UUID jobId) {
        jobs.lockJobKey(jobId);
        jobs.recordCancellation(jobId);
        if (jobs.end(jobId, BulkJob.State.CANCELED, null)) {
            progress.report(jobId, BulkJob.State.CANCELED, null);
            LOG.infof("Bulk job %s canceled", jobId);
        }
    }

    @Scheduled(every = "${bulkmail.completion-sweep:10s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        for (UUID jobId : jobs.pagedButRunning()) {
            completeIfDone(jobId);
        }
    }
}
