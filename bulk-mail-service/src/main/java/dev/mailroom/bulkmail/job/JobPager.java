package dev.mailroom.bulkmail.job;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.mailroom.bulkmail.client.QueryRefusedException;
import dev.mailroom.bulkmail.client.RecipientPage;
import dev.mailroom.bulkmail.client.RecipientSource;
import dev.mailroom.eventing.outbox.OutboxWriter;
import dev.mailroom.events.BulkMailPage;
import dev.mailroom.events.BulkMailRequested;
import dev.mailroom.events.Topics;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Starts a job and reads its recipients page by page, publishing each page for whichever instance takes it. The
 * cursor (the next page's link) moves in the same transaction as the page is published, so a pager that stops
 * anywhere resumes at the first page not yet published, and no page is published twice.
 */
@ApplicationScoped
public class JobPager {

    private static final Logger LOG = Logger.getLogger(JobPager.class);

    private final BulkJobStore jobs;
    private final RecipientSource recipients;
    private final OutboxWriter outbox;
    private final ProgressReporter progress;
    private final JobEnding ending;
    private final JobAttachments attachments;

    public JobPager(BulkJobStore jobs, RecipientSource recipients, OutboxWriter outbox, ProgressReporter progress,
            JobEnding ending, JobAttachments attachments) {
        this.jobs = jobs;
        this.recipients = recipients;
        this.outbox = outbox;
        this.progress = progress;
        this.ending = ending;
        this.attachments = attachments;
    }

    /** Records the job (once) and pages it to the end, or until it is canceled. */
    public void start(BulkMailRequested request) {
        UUID jobId = request.asyncOperationId();
        QuarkusTransaction.requiringNew().run(() -> {
            jobs.lockJobKey(jobId);
            if (jobs.create(request, recipients.firstPage(request.entitySet(), request.filter()))) {
                attachments.record(jobId, request.attachments());
                if (jobs.isCancelled(jobId)) {
                    jobs.end(jobId, BulkJob.State.CANCELED, null);
                    progress.report(jobId, BulkJob.State.CANCELED, null);
                    return;
                }
                progress.report(jobId, BulkJob.State.RUNNING, null);
                LOG.infof("Bulk job %s started: %s %s", jobId, request.entitySet(),
                        request.filter() == null ? "" : request.filter());
            }
        });
        page(jobId);
    }

    private void page(UUID jobId) {
        while (true) {
            BulkJob job = jobs.find(jobId).orElseThrow();
            if (job.state() != BulkJob.State.RUNNING || job.pagingDone()) {
                break;
            }
            RecipientPage page;
            try {
                page = recipients.read(job.entitySet(), job.nextPage());
            } catch (QueryRefusedException e) {
                ending.fail(jobId, "The recipient query was refused: " + e.getMessage());
                return;
            }
            if (!publish(job, page)) {
                LOG.infof("Bulk job %s: paging stopped (canceled, or taken over by another instance)", jobId);
                return;
            }
        }
        ending.completeIfDone(jobId);
    }

    private boolean publish(BulkJob job, RecipientPage page) {
        return QuarkusTransaction.requiringNew().call(() -> {
            boolean hasRecipients = !page.recipients().isEmpty();
            if (!jobs.advance(job.jobId(), job.pagesPublished(), page.recipients().size(), hasRecipients,
                    page.nextLink())) {
                return false;
            }
            if (hasRecipients) {
                int number = job.pagesPublished() + 1;
                BulkMailPage event = new BulkMailPage(UUID.randomUUID(), Instant.now(), job.jobId(), number,
                        page.recipients());
                outbox.append(Topics.BULK_MAIL_PAGES, job.jobId() + "/" + number, BulkMailPage.TYPE,
                        job.jobId().toString(), event);
            }
            return true;
        });
    }
}
