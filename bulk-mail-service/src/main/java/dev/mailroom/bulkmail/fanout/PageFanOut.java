package dev.mailroom.bulkmail.fanout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.mailroom.bulkmail.fanout.RecipientClaims.Candidate;
import dev.mailroom.bulkmail.job.BulkJob;
import dev.mailroom.bulkmail.job.JobAttachments;
import dev.mailroom.bulkmail.job.BulkJobStore;
import dev.mailroom.bulkmail.job.ProgressReporter;
import dev.mailroom.bulkmail.metrics.BulkMetrics;
import dev.mailroom.bulkmail.rendering.CompiledTemplate;
import dev.mailroom.bulkmail.rendering.RenderedMessage;
import dev.mailroom.bulkmail.rendering.TemplateRenderer;
import dev.mailroom.eventing.inbox.IncomingEvent;
import dev.mailroom.eventing.inbox.ProcessedEventLog;
import dev.mailroom.eventing.outbox.OutboxWriter;
import dev.mailroom.events.BulkMailPage;
import dev.mailroom.events.BulkMailPage.Field;
import dev.mailroom.events.BulkMailPage.Recipient;
import dev.mailroom.events.EmailAttachment;
import dev.mailroom.events.EmailCreated;
import dev.mailroom.events.EmailPending;
import dev.mailroom.events.Topics;
import dev.mailroom.templating.TemplateException;

/**
 * Fans one page of recipients out, in one transaction: the page is claimed once, each recipient is skipped (and
 * counted) or rendered into one EmailCreated and one EmailPending, and the events are copied into the outbox in two
 * statements. Pages of one job run side by side on every instance.
 */
@ApplicationScoped
public class PageFanOut {

    private static final Logger LOG = Logger.getLogger(PageFanOut.class);
    /** One address, no display name, nothing that could start another header. */
    private static final Pattern USABLE_ADDRESS = Pattern.compile("[^\\s@<>,;\"]+@[^\\s@<>,;\"]+\\.[^\\s@<>,;\"]+");
    private static final int MAX_ADDRESS = 320;

    private final ProcessedEventLog processedEvents;
    private final BulkJobStore jobs;
    private final RecipientClaims claims;
    private final OutboxWriter outbox;
    private final ProgressReporter progress;
    private final TemplateRenderer renderer;
    private final BulkMetrics metrics;
    private final JobAttachments attachments;
    private final SharedStringsJson json;
    private final Map<UUID, CompiledTemplate> templates = new ConcurrentHashMap<>();
    /** The template's files of each job, read once per job and instance. */
    private final Map<UUID, List<EmailAttachment>> files = new ConcurrentHashMap<>();

    public PageFanOut(ProcessedEventLog processedEvents, BulkJobStore jobs, RecipientClaims claims,
            OutboxWriter outbox, ProgressReporter progress, TemplateRenderer renderer, BulkMetrics metrics,
            JobAttachments attachments, SharedStringsJson json) {
        this.processedEvents = processedEvents;
        this.jobs = jobs;
        this.claims = claims;
        this.outbox = outbox;
        this.progress = progress;
        this.renderer = renderer;
        this.metrics = metrics;
        this.attachments = attachments;
        this.json = json;
    }

    /** @return the job id when the page was fanned out now (the caller then checks for completion) */
    @Transactional
    public Optional<UUID> handle(IncomingEvent<BulkMailPage> event) {
        if (!processedEvents.markProcessed(event)) {
            return Optional.empty();
        }
        BulkMailPage page = event.payload();
        Optional<BulkJob> found = jobs.lockForPage(page.asyncOperationId());
        if (found.isEmpty()) {
            LOG.warnf("Page %d of unknown bulk job %s ignored", page.pageNumber(), page.asyncOperationId());
            return Optional.empty();
        }
        BulkJob job = found.get();
        if (job.state() != BulkJob.State.RUNNING) {
            // Canceled (or ended) while this page waited: passed over, counted as dealt with.
            jobs.recordPage(job.jobId(), page.pageNumber(), 0, 0);
            return Optional.of(job.jobId());
        }
        List<Candidate> candidates = new ArrayList<>();
        List<UUID> skipped = new ArrayList<>();
        Map<UUID, Recipient> byId = new HashMap<>();
        // A recipient's first position in the page: part of its email's id (BulkEmailIds), the same on redelivery.
        Map<UUID, Integer> positions = new HashMap<>();
        List<Recipient> recipients = page.recipients();
        for (int position = 0; position < recipients.size(); position++) {
            Recipient recipient = recipients.get(position);
            byId.putIfAbsent(recipient.id(), recipient);
            positions.putIfAbsent(recipient.id(), position);
            if (recipient.doNotEmail() || recipient.doNotBulkEmail() || !usable(recipient.emailAddress())) {
                skipped.add(recipient.id());
            } else {
                candidates.add(new Candidate(recipient.id(), recipient.emailAddress().toLowerCase(Locale.ROOT)));
            }
        }
        RecipientClaims.Outcome outcome = claims.claim(job.jobId(), candidates, skipped);
        List<EmailCreated> created = new ArrayList<>(outcome.toEmail().size());
        List<EmailPending> pending = new ArrayList<>(outcome.toEmail().size());
        List<byte[]> createdJson = new ArrayList<>(outcome.toEmail().size());
        List<byte[]> pendingJson = new ArrayList<>(outcome.toEmail().size());
        Instant now = Instant.now();
        try {
            CompiledTemplate template = templates.computeIfAbsent(job.jobId(),
                    id -> renderer.compile(job.templateSubject(), job.templateBody()));
            List<EmailAttachment> jobFiles = files.computeIfAbsent(job.jobId(), attachments::of);
            for (Candidate candidate : candidates) {
                if (outcome.toEmail().contains(candidate.recipientId())) {
                    Recipient recipient = byId.get(candidate.recipientId());
                    RenderedMessage message = template.render(recipient.type(), values(recipient));
                    BulkEmailIds.RecipientIds ids = BulkEmailIds.of(job.jobId(), job.startedAt(),
                            page.pageNumber(), positions.get(recipient.id()), recipient.id());
                    EmailCreated createdEvent = created(job, recipient, ids, message, now);
                    EmailPending pendingEvent = pending(job, recipient, ids, message, now, jobFiles);
                    // Both events carry the same body and subject: their JSON text is escaped once, for both.
                    SharedStringsJson.Shared shared = json.share(message.htmlBody(), message.subject());
                    created.add(createdEvent);
                    createdJson.add(json.write(createdEvent, shared));
                    pending.add(pendingEvent);
                    pendingJson.add(json.write(pendingEvent, shared));
                }
            }
            // Streamed with COPY: each event carries a rendered body, which array parameters would escape and parse.
            outbox.copyAllJson(Topics.EMAIL_CREATED, EmailCreated.TYPE, created, createdJson,
                    e -> e.activityId().toString());
            outbox.copyAllJson(Topics.EMAIL_PENDING, EmailPending.TYPE, pending, pendingJson,
                    e -> e.activityId().toString());
        } catch (TemplateException | IllegalArgumentException e) {
            // The same template fails the same way on every retry and every instance: the job fails, not the page.
            throw new UnrenderableJobException(job.jobId(), e);
        }
        if (jobs.recordPage(job.jobId(), page.pageNumber(), created.size(), outcome.skipped())) {
            metrics.pageDealtWith(created.size(), outcome.skipped());
        }
        progress.report(job.jobId(), BulkJob.State.RUNNING, null);
        return Optional.of(job.jobId());
    }

    /** Forgets a finished job's compiled template. */
    public void forget(UUID jobId) {
        templates.remove(jobId);
        files.remove(jobId);
    }

    static boolean usable(String address) {
        return address != null && address.length() <= MAX_ADDRESS && USABLE_ADDRESS.matcher(address).matches();
    }

    private static Map<String, String> values(Recipient recipient) {
        Map<String, String> values = new HashMap<>();
        for (Field field : recipient.fields()) {
            values.put(field.name(), field.value());
        }
        return values;
    }

    private static EmailCreated created(BulkJob job, Recipient recipient, BulkEmailIds.RecipientIds ids,
            RenderedMessage message, Instant now) {
        return new EmailCreated(ids.created(), now, ids.email(), job.jobId(),
                message.subject(), message.htmlBody(), job.senderAddress(), job.senderId(), job.senderType(),
                recipient.emailAddress(), recipient.id(), recipient.type(), job.regardingId(), job.regardingType());
    }

    private static EmailPending pending(BulkJob job, Recipient recipient, BulkEmailIds.RecipientIds ids,
            RenderedMessage message, Instant now, List<EmailAttachment> jobFiles) {
        return new EmailPending(ids.pending(), now, ids.email(),
                job.senderAddress().toLowerCase(Locale.ROOT), job.senderAddress(), List.of(recipient.emailAddress()),
                List.of(), List.of(), message.subject(), message.htmlBody(), null, jobFiles);
    }
}
