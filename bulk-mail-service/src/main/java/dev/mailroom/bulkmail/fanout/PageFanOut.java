package dev.mailroom.bulkmail.fanout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import dev.mailroom.bulkmail.suppression.SuppressedAddresses;
import dev.mailroom.eventing.inbox.IncomingEvent;
import dev.mailroom.eventing.inbox.ProcessedEventLog;
import dev.mailroom.eventing.outbox.OutboxEvent;
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
 * counted) or rendered into one EmailCreated and one EmailPending. The events are not written to the outbox: they
 * are returned, for the caller to publish once the transaction has committed and to acknowledge the page only once
 * the broker has them. A page that comes again after it committed (its instance died before the broker answered,
 * or publishing failed and the page is retried) is not fanned out again: the events of the recipients it claimed
 * are rendered and returned again, the same events under the same ids ({@link BulkEmailIds}). Pages of one job run
 * side by side on every instance.
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
    private final UnsubscribeLinkSource unsubscribeLinks;
    private final SuppressedAddresses suppressed;
    private final Map<UUID, CompiledTemplate> templates = new ConcurrentHashMap<>();
    /** The template's files of each job, read once per job and instance. */
    private final Map<UUID, List<EmailAttachment>> files = new ConcurrentHashMap<>();

    public PageFanOut(ProcessedEventLog processedEvents, BulkJobStore jobs, RecipientClaims claims,
            OutboxWriter outbox, ProgressReporter progress, TemplateRenderer renderer, BulkMetrics metrics,
            JobAttachments attachments, SharedStringsJson json, UnsubscribeLinkSource unsubscribeLinks,
            SuppressedAddresses suppressed) {
        this.processedEvents = processedEvents;
        this.jobs = jobs;
        this.claims = claims;
        this.outbox = outbox;
        this.progress = progress;
        this.renderer = renderer;
        this.metrics = metrics;
        this.attachments = attachments;
        this.json = json;
        this.unsubscribeLinks = unsubscribeLinks;
        this.suppressed = suppressed;
    }

    /**
     * A page dealt with: its job, and the events its emails need published (none for a page of a job no longer
     * running, or of recipients all skipped).
     *
     * @param again whether the page had been fanned out before (its events are published again)
     */
    public record FannedOut(UUID jobId, List<OutboxEvent> events, boolean again) {
    }

    /** @return the job and the page's events, empty for a page of an unknown job */
    @Transactional
    public Optional<FannedOut> handle(IncomingEvent<BulkMailPage> event) {
        BulkMailPage page = event.payload();
        if (!processedEvents.markProcessed(event)) {
            return jobs.find(page.asyncOperationId()).map(job -> new FannedOut(job.jobId(), again(job, page), true));
        }
        Optional<BulkJob> found = jobs.lockForPage(page.asyncOperationId());
        if (found.isEmpty()) {
            LOG.warnf("Page %d of unknown bulk job %s ignored", page.pageNumber(), page.asyncOperationId());
            return Optional.empty();
        }
        BulkJob job = found.get();
        if (job.state() != BulkJob.State.RUNNING) {
            // Canceled (or ended) while this page waited: passed over, counted as dealt with.
            jobs.recordPage(job.jobId(), page.pageNumber(), 0, 0);
            return Optional.of(new FannedOut(job.jobId(), List.of(), false));
        }
        Sorted sorted = Sorted.of(page);
        sorted = sorted.without(suppressed.suppressedAmong(sorted.addressKeys()));
        RecipientClaims.Outcome outcome = claims.claim(job.jobId(), page.pageNumber(), sorted.candidates(),
                sorted.skipped());
        List<OutboxEvent> events = render(job, page, sorted, outcome.toEmail());
        int created = events.size() / 2;
        if (jobs.recordPage(job.jobId(), page.pageNumber(), created, outcome.skipped())) {
            metrics.pageDealtWith(created, outcome.skipped());
        }
        progress.report(job.jobId(), BulkJob.State.RUNNING, null);
        return Optional.of(new FannedOut(job.jobId(), events, false));
    }

    /** The events of the recipients this page claimed when it was fanned out, rendered again. */
    private List<OutboxEvent> again(BulkJob job, BulkMailPage page) {
        // The claims decide, not today's suppressions: a recipient claimed then has its email, which must go out.
        Sorted sorted = Sorted.of(page);
        Set<UUID> emailed = claims.emailedBy(job.jobId(), page.pageNumber(),
                sorted.candidates().stream().map(Candidate::recipientId).toList());
        return emailed.isEmpty() ? List.of() : render(job, page, sorted, emailed);
    }

    /** A page's recipients: those that may be emailed and those skipped, each with its first position. */
    private record Sorted(List<Candidate> candidates, List<UUID> skipped, Map<UUID, Recipient> byId,
            Map<UUID, Integer> positions) {

        static Sorted of(BulkMailPage page) {
            List<Candidate> candidates = new ArrayList<>();
            List<UUID> skipped = new ArrayList<>();
            Map<UUID, Recipient> byId = new HashMap<>();
            // A recipient's first position in the page: part of its email's id (BulkEmailIds), the same on
            // redelivery.
            Map<UUID, Integer> positions = new HashMap<>();
            List<Recipient> recipients = page.recipients();
            for (int position = 0; position < recipients.size(); position++) {
                Recipient recipient = recipients.get(position);
                byId.putIfAbsent(recipient.id(), recipient);
                positions.putIfAbsent(recipient.id(), position);
                if (recipient.doNotEmail() || recipient.doNotBulkEmail() || !usable(recipient.emailAddress())) {
                    skipped.add(recipient.id());
                } else {
                    candidates.add(new Candidate(recipient.id(),
                            recipient.emailAddress().toLowerCase(Locale.ROOT)));
                }
            }
            return new Sorted(candidates, skipped, byId, positions);
        }

        /** The candidates' addresses, lower case: the keys suppressions are kept under. */
        Set<String> addressKeys() {
            Set<String> keys = new HashSet<>();
            candidates.forEach(candidate -> keys.add(candidate.addressKey()));
            return keys;
        }

        /** The same page with the candidates at a suppressed address (one that bounced permanently) skipped. */
        Sorted without(Set<String> suppressedKeys) {
            if (suppressedKeys.isEmpty()) {
                return this;
            }
            List<Candidate> kept = new ArrayList<>(candidates.size());
            List<UUID> alsoSkipped = new ArrayList<>(skipped);
            for (Candidate candidate : candidates) {
                if (suppressedKeys.contains(candidate.addressKey())) {
                    alsoSkipped.add(candidate.recipientId());
                } else {
                    kept.add(candidate);
                }
            }
            return new Sorted(kept, alsoSkipped, byId, positions);
        }
    }

    /**
     * Renders each recipient to email into its EmailCreated and EmailPending, created events first, each in page
     * order.
     */
    private List<OutboxEvent> render(BulkJob job, BulkMailPage page, Sorted sorted, Set<UUID> toEmail) {
        List<EmailCreated> created = new ArrayList<>(toEmail.size());
        List<EmailPending> pending = new ArrayList<>(toEmail.size());
        List<byte[]> createdJson = new ArrayList<>(toEmail.size());
        List<byte[]> pendingJson = new ArrayList<>(toEmail.size());
        Instant now = Instant.now();
        try {
            CompiledTemplate template = templates.computeIfAbsent(job.jobId(),
                    id -> renderer.compile(job.templateSubject(), job.templateBody()));
            List<EmailAttachment> jobFiles = files.computeIfAbsent(job.jobId(), attachments::of);
            Set<UUID> rendered = new HashSet<>();
            for (Candidate candidate : sorted.candidates()) {
                if (toEmail.contains(candidate.recipientId()) && rendered.add(candidate.recipientId())) {
                    Recipient recipient = sorted.byId().get(candidate.recipientId());
                    String unsubscribeLink = unsubscribeLinks.linkFor(recipient.type(), recipient.id(), job.jobId());
                    RenderedMessage message = template.render(recipient.type(), values(recipient), unsubscribeLink);
                    BulkEmailIds.RecipientIds ids = BulkEmailIds.of(job.jobId(), job.startedAt(),
                            page.pageNumber(), sorted.positions().get(recipient.id()), recipient.id());
                    EmailCreated createdEvent = created(job, recipient, ids, message, now);
                    EmailPending pendingEvent = pending(job, recipient, ids, message, now, jobFiles, unsubscribeLink);
                    // Both events carry the same body and subject: their JSON text is escaped once, for both.
                    SharedStringsJson.Shared shared = json.share(message.htmlBody(), message.subject());
                    created.add(createdEvent);
                    createdJson.add(json.write(createdEvent, shared));
                    pending.add(pendingEvent);
                    pendingJson.add(json.write(pendingEvent, shared));
                }
            }
            List<OutboxEvent> events = new ArrayList<>(2 * created.size());
            events.addAll(outbox.unwrittenJson(Topics.EMAIL_CREATED, EmailCreated.TYPE, created, createdJson,
                    e -> e.activityId().toString()));
            events.addAll(outbox.unwrittenJson(Topics.EMAIL_PENDING, EmailPending.TYPE, pending, pendingJson,
                    e -> e.activityId().toString()));
            return events;
        } catch (TemplateException | IllegalArgumentException e) {
            // The same template fails the same way on every retry and every instance: the job fails, not the page.
            throw new UnrenderableJobException(job.jobId(), e);
        }
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
            RenderedMessage message, Instant now, List<EmailAttachment> jobFiles, String unsubscribeLink) {
        return new EmailPending(ids.pending(), now, ids.email(),
                job.senderAddress().toLowerCase(Locale.ROOT), job.senderAddress(), List.of(recipient.emailAddress()),
                List.of(), List.of(), message.subject(), message.htmlBody(), null, jobFiles, unsubscribeLink);
    }
}
