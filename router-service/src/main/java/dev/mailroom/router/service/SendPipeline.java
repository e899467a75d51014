package dev.mailroom.router.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.events.EmailPending;
import dev.mailroom.eventing.logging.EmailLogContext;
import dev.mailroom.router.ClaimedSend;
import dev.mailroom.router.RecordedOutcome;
import dev.mailroom.router.SendOutcome;
import dev.mailroom.router.config.RouterConfig;
import dev.mailroom.router.mail.MailSender;
import dev.mailroom.router.mail.OutgoingEmail;
import dev.mailroom.router.mail.SendResult;
import dev.mailroom.router.mail.SmtpServer;
import dev.mailroom.router.repository.SendLedger;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;

/**
 * Sends a batch: claim it in one transaction, hand every email to SMTP concurrently (one thread per pooled
 * connection), each outcome recorded by group commit as soon as its reply arrives, with at most
 * {@code router.max-unrecorded-sends} emails past their final dot and not yet recorded. Returns only once the
 * batch's outcomes are recorded and, for a batch from Kafka, their status reports acknowledged by the broker, so the
 * caller may then commit its Kafka offsets. Once {@link SendGate} closes
 * (shutdown), sends not yet begun are handed back to the ledger instead, due at once for any router.
 */
@ApplicationScoped
public class SendPipeline {

    private static final Logger LOG = Logger.getLogger(SendPipeline.class);

    private final LedgerTransactions transactions;
    private final MailSender sender;
    private final OutcomePolicy policy;
    private final OutcomeJournal journal;
    private final LeaseKeeper leases;
    private final DeliveryMetrics metrics;
    private final RouterConfig config;
    private final RouterIdentity identity;
    private final ObjectMapper objectMapper;
    private final SendRouting routing;
    private final SendLanes lanes;
    private final SendGate gate;
    private final SmtpSpans spans;
    private final InDoubtWindow window;
    private final StatusEvents statusEvents;

    public SendPipeline(LedgerTransactions transactions, MailSender sender, OutcomePolicy policy,
            OutcomeJournal journal, LeaseKeeper leases, DeliveryMetrics metrics, RouterConfig config,
            RouterIdentity identity, ObjectMapper objectMapper, SendRouting routing, SendLanes lanes, SendGate gate,
            SmtpSpans spans, InDoubtWindow window, StatusEvents statusEvents) {
        this.transactions = transactions;
        this.sender = sender;
        this.policy = policy;
        this.journal = journal;
        this.leases = leases;
        this.metrics = metrics;
        this.config = config;
        this.identity = identity;
        this.objectMapper = objectMapper;
        this.routing = routing;
        this.lanes = lanes;
        this.gate = gate;
        this.spans = spans;
        this.window = window;
        this.statusEvents = statusEvents;
    }

    /** Pending emails from Kafka: those new to the ledger are claimed and sent; the rest the ledger already owns. */
    public void sendNew(List<SendLedger.NewSend> sends) {
        // A re-run of a batch (the consumer's retry): what it already sent is journaled; wait until that is recorded
        // before this batch may return and its offsets be committed.
        Set<UUID> batch = sends.stream().map(SendLedger.NewSend::activityId).collect(Collectors.toSet());
        journal.recordedAll(batch).join();
        // Read once by the consumer; the routing and the MIME message use that reading.
        Map<UUID, EmailPending> parsed = new HashMap<>();
        for (SendLedger.NewSend send : sends) {
            if (send.email() != null) {
                parsed.put(send.activityId(), send.email());
            }
        }
        List<ClaimedSend> claimed = transactions.claimNew(sends, identity.id(), config.claimLease());
        reportAgain(batch, claimed);
        send(claimed, new ClaimedPayloads(parsed, objectMapper), ReportRoute.WITH_BATCH);
    }

    /**
     * Emails of the batch the ledger already held (a pending record that came again): the reports of those it has
     * finished or holds for later are published again, and the batch waits for the broker, because the last router
     * to see the record may have died after recording the outcome and before its report reached Kafka. A report
     * published again is the same event under the same id ({@link StatusEvents#publish}). Costs nothing when every
     * email is new, as in a batch seen for the first time.
     */
    private void reportAgain(Set<UUID> batch, List<ClaimedSend> claimed) {
        if (claimed.size() == batch.size()) {
            return;
        }
        Set<UUID> known = new HashSet<>(batch);
        claimed.forEach(send -> known.remove(send.activityId()));
        List<RecordedOutcome> outcomes = transactions.outcomesOf(known);
        statusEvents.publish(outcomes).join();
        metrics.reportsAgain(outcomes.size());
    }

    /** Retries, unknown outcomes and abandoned claims that are due; returns how many were claimed. */
    public int sendDue(int limit) {
        if (gate.isClosed()) {
            return 0;
        }
        List<ClaimedSend> due = transactions.claimDue(identity.id(), config.claimLease(), limit);
        due.stream().filter(ClaimedSend::resend).forEach(send -> metrics.resend());
        send(due, new ClaimedPayloads(Map.of(), objectMapper), ReportRoute.OUTBOX);
        return due.size();
    }

    /**
     * Sends a claimed batch and returns once every outcome is recorded. Each outcome is journaled as soon as its
     * reply arrives and recorded by {@link OutcomeRecorder} within milliseconds, not at the end of the batch: the
     * in-doubt window ({@link InDoubtWindow}) holds each send at its final dot until there is room, and an outcome's
     * commit makes room.
     */
    private void send(List<ClaimedSend> claimed, ClaimedPayloads payloads, ReportRoute route) {
        if (claimed.isEmpty()) {
            return;
        }
        gate.enter();
        try {
            List<UUID> ids = claimed.stream().map(ClaimedSend::activityId).toList();
            List<CompletableFuture<Void>> recorded = new ArrayList<>(claimed.size());
            List<ClaimedSend> notStarted = new ArrayList<>();
            leases.hold(ids);
            try {
                // Approval, send rate and server profile of each sender mailbox, decided for the whole batch at once.
                SendRouting.Decision decision = routing.route(claimed, payloads);
                decision.decided().forEach(outcome -> recorded.add(journal.add(outcome, route)));
                List<SendRouting.Routed> sendable = decision.sendable();
                List<CompletableFuture<Optional<CompletableFuture<Void>>>> inFlight =
                        new ArrayList<>(sendable.size());
                for (SendRouting.Routed routed : sendable) {
                    inFlight.add(CompletableFuture.supplyAsync(() -> gate.mayStart()
                            ? Optional.of(sendAndJournal(routed.send(), routed.server(), payloads, route))
                            : Optional.empty(), lanes.of(routed.server())));
                }
                for (int i = 0; i < sendable.size(); i++) {
                    Optional<CompletableFuture<Void>> outcome = inFlight.get(i).join();
                    if (outcome.isPresent()) {
                        recorded.add(outcome.get());
                    } else {
                        notStarted.add(sendable.get(i).send());
                    }
                }
                // The offsets of this batch may be committed once this returns: every outcome must be in the ledger,
                // and every report that goes with the batch acknowledged by the broker.
                CompletableFuture.allOf(recorded.toArray(CompletableFuture[]::new)).join();
            } finally {
                leases.release(ids);
            }
            handBack(notStarted);
        } finally {
            gate.leave();
        }
    }

    /**
     * One SMTP transaction, its final dot held until the in-doubt window has room; the outcome is journaled with the
     * slot, which the recorder frees once the outcome is committed.
     */
    private CompletableFuture<Void> sendAndJournal(ClaimedSend send, SmtpServer server, ClaimedPayloads payloads,
            ReportRoute route) {
        InDoubtWindow.Slot slot = window.slot();
        SendResult result;
        try {
            result = sendOne(send, server, slot, payloads);
        } catch (RuntimeException e) {
            // Not an SMTP failure (those are results): whether the server has the message depends on the dot.
            LOG.warnf(e, "Send of %s failed unexpectedly", send.activityId());
            result = slot.reachedDot() ? new SendResult.Unknown("Unexpected failure after the final dot: " + e)
                    : new SendResult.Transient("Unexpected failure before the final dot: " + e);
        }
        try {
            return journal.add(policy.decide(send, result), route, slot::release);
        } catch (RuntimeException e) {
            slot.release();
            throw e;
        }
    }

    /** Claims of sends that never began (the router is stopping): due again at once, for any router. */
    private void handBack(List<ClaimedSend> notStarted) {
        if (notStarted.isEmpty()) {
            return;
        }
        try {
            int released = transactions.release(notStarted);
            metrics.handedBack(released);
            LOG.infof("Shutting down: handed back %d claim(s) not yet sent", released);
        } catch (RuntimeException e) {
            // Their leases run out instead, and another router sends them then.
            LOG.warnf("Could not hand back %d claim(s): %s", notStarted.size(), e.getMessage());
        }
    }

    private SendResult sendOne(ClaimedSend send, SmtpServer server, InDoubtWindow.Slot slot,
            ClaimedPayloads payloads) {
        OutgoingEmail email;
        try {
            Optional<EmailPending> pending = payloads.of(send);
            if (pending.isEmpty()) {
                return new SendResult.Refused(payloads.unreadable(send));
            }
            email = toOutgoing(pending.get(), send.messageId());
        } catch (RuntimeException e) {
            return new SendResult.Refused("The ledger's copy of the email is unreadable: " + e.getMessage());
        }
        Span span = spans.start(send);
        long start = System.nanoTime();
        try (Scope scope = span.makeCurrent(); EmailLogContext logContext = EmailLogContext.open(send.activityId())) {
            SendResult result = sender.send(email, server, slot);
            SmtpSpans.end(span, result);
            SendLog.outcome(send, server, result);
            return result;
        } catch (RuntimeException e) {
            span.recordException(e);
            span.end();
            throw e;
        } finally {
            metrics.smtp().record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    private static OutgoingEmail toOutgoing(EmailPending email, String messageId) {
        return new OutgoingEmail(messageId, email.from(), email.to(), email.cc(), email.bcc(), email.subject(),
                email.htmlBody(), email.activityId().toString(), email.trackingToken(), email.attachments(),
                email.listUnsubscribe());
    }
}
