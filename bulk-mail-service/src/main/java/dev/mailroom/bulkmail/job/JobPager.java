package dev.mailroom.bulkmail.job;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.mailroom.bulkmail.client.QueryRefusedException;
import dev.mailroom.bulkmail.client.RecipientPage;
import dev.mailroom.bulkmail.client.RecipientSource;
import dev.mailroom.bulkmail.config.BulkMailConfig;
import dev.mailroom.bulkmail.rendering.TemplateFields;
import dev.mailroom.eventing.outbox.OutboxWriter;
import dev.mailroom.events.BulkMailPage;
import dev.mailroom.events.BulkMailPage.Recipient;
import dev.mailroom.events.BulkMailRequested;
import dev.mailroom.events.Topics;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Starts a job and reads its recipients in large reads (up to {@code bulkmail.recipient-read-size}), each cut into
 * pages of {@code bulkmail.recipient-page-size} published for whichever instance takes them. The cursor (the next
 * read's link) moves in the same transaction as the read's pages are published, so a pager that stops anywhere
 * resumes at the first read not yet published, and no page is published twice. The next read is requested before
 * the current one is published, so activity-service's query and the pager's commit overlap.
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
    private final BulkMailConfig config;

    public JobPager(BulkJobStore jobs, RecipientSource recipients, OutboxWriter outbox, ProgressReporter progress,
            JobEnding ending, JobAttachments attachments, BulkMailConfig config) {
        this.jobs = jobs;
        this.recipients = recipients;
        this.outbox = outbox;
        this.progress = progress;
        this.ending = ending;
        this.attachments = attachments;
        this.config = config;
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
        BulkJob job = jobs.find(jobId).orElseThrow();
        if (job.state() != BulkJob.State.RUNNING || job.pagingDone()) {
            ending.completeIfDone(jobId);
            return;
        }
        int published = job.pagesPublished();
        // Each recipient's page carries only the columns the template can insert.
        Predicate<String> columns = TemplateFields.used(RecipientSource.tableOf(job.entitySet()),
                job.templateSubject(), job.templateBody());
        CompletableFuture<RecipientPage> next = recipients.readAsync(job.entitySet(), job.nextPage(), columns);
        try {
            while (next != null) {
                RecipientPage read;
                try {
                    read = RecipientSource.await(next);
                } catch (QueryRefusedException e) {
                    ending.fail(jobId, "The recipient query was refused: " + e.getMessage());
                    return;
                }
                // The next read is on its way while this one is published: activity-service answers it meanwhile.
                next = read.nextLink() == null ? null : recipients.readAsync(job.entitySet(), read.nextLink(),
                        columns);
                int pages = publish(job, published, read);
                if (pages < 0) {
                    LOG.infof("Bulk job %s: paging stopped (canceled, or taken over by another instance)", jobId);
                    return;
                }
                published += pages;
            }
        } finally {
            if (next != null) {
                next.cancel(true);
            }
        }
        ending.completeIfDone(jobId);
    }

    /**
     * Publishes one read as pages of {@code bulkmail.recipient-page-size}, numbered on from {@code publishedBefore},
     * in the transaction that moves the cursor past the read.
     *
     * @return the number of pages published, or -1 when the read was not this pager's to publish (the job was
     *     canceled or ended, or another instance published it)
     */
    private int publish(BulkJob job, int publishedBefore, RecipientPage read) {
        List<List<Recipient>> pages = read.slices(config.recipientPageSize());
        return QuarkusTransaction.requiringNew().call(() -> {
            if (!jobs.advance(job.jobId(), publishedBefore, read.recipients().size(), pages.size(),
                    read.nextLink())) {
                return -1;
            }
            Instant now = Instant.now();
            for (int i = 0; i < pages.size(); i++) {
                int number = publishedBefore + i + 1;
                BulkMailPage event = new BulkMailPage(UUID.randomUUID(), now, job.jobId(), number, pages.get(i));
                outbox.append(Topics.BULK_MAIL_PAGES, job.jobId() + "/" + number, BulkMailPage.TYPE,
                        job.jobId().toString(), event);
            }
            return pages.size();
        });
    }
}
