package dev.mailroom.router.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.events.EmailPending;
import dev.mailroom.eventing.logging.EmailLogContext;
import dev.mailroom.router.ClaimedSend;
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
 * connection), then record every outcome in one transaction. Returns only once the outcomes are recorded, so the
 * caller may then commit its Kafka offsets. Once {@link SendGate} closes (shutdown), sends not yet begun are handed
 * back to the ledger instead, due at once for any router.
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

    public SendPipeline(LedgerTransactions transactions, MailSender sender, OutcomePolicy policy,
            OutcomeJournal journal, LeaseKeeper leases, DeliveryMetrics metrics, RouterConfig config,
            RouterIdentity identity, ObjectMapper objectMapper, SendRouting routing, SendLanes lanes, SendGate gate,
            SmtpSpans spans) {
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
    }

    /** Pending emails from Kafka: those new to the ledger are claimed and sent; the rest the ledger already owns. */
    public void sendNew(List<SendLedger.NewSend> sends) {
        // A re-run of a batch whose recording failed: record what this batch already sent before anything else.
        Set<UUID> batch = sends.stream().map(SendLedger.NewSend::activityId).collect(Collectors.toSet());
        record(journal.snapshot().stream().filter(outcome -> batch.contains(outcome.activityId())).toList());
        send(transactions.claimNew(sends, identity.id(), config.claimLease()));
    }

    /** Retries, unknown outcomes and abandoned claims that are due; returns how many were claimed. */
    public int sendDue(int limit) {
        record(journal.snapshot());
        if (gate.isClosed()) {
            return 0;
        }
        List<ClaimedSend> due = transactions.claimDue(identity.id(), config.claimLease(), limit);
        due.stream().filter(ClaimedSend::resend).forEach(send -> metrics.resend());
        send(due);
        return due.size();
    }

    private void send(List<ClaimedSend> claimed) {
        if (claimed.isEmpty()) {
            return;
        }
        gate.enter();
        try {
            List<UUID> ids = claimed.stream().map(ClaimedSend::activityId).toList();
            List<SendOutcome> outcomes = new ArrayList<>(claimed.size());
            List<ClaimedSend> notStarted = new ArrayList<>();
            leases.hold(ids);
            try {
                // Approval, send rate and server profile of each sender mailbox, decided for the whole batch at once.
                SendRouting.Decision decision = routing.route(claimed);
                decision.decided().forEach(journal::add);
                outcomes.addAll(decision.decided());
                List<SendRouting.Routed> sendable = decision.sendable();
                List<CompletableFuture<Optional<SendOutcome>>> inFlight = new ArrayList<>(sendable.size());
                for (SendRouting.Routed routed : sendable) {
                    inFlight.add(CompletableFuture.supplyAsync(() -> gate.mayStart()
                            ? Optional.of(policy.decide(routed.send(), sendOne(routed.send(), routed.server())))
                            : Optional.empty(), lanes.of(routed.server())));
                }
                // Journal first: if recording fails, a retry of this batch records these instead of sending again.
                for (int i = 0; i < sendable.size(); i++) {
                    Optional<SendOutcome> outcome = inFlight.get(i).join();
                    if (outcome.isPresent()) {
                        journal.add(outcome.get());
                        outcomes.add(outcome.get());
                    } else {
                        notStarted.add(sendable.get(i).send());
                    }
                }
            } finally {
                leases.release(ids);
            }
            handBack(notStarted);
            record(outcomes);
        } finally {
            gate.leave();
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

    private SendResult sendOne(ClaimedSend send, SmtpServer server) {
        OutgoingEmail email;
        try {
            email = toOutgoing(objectMapper.readValue(send.payload(), EmailPending.class), send.messageId());
        } catch (JsonProcessingException | RuntimeException e) {
            return new SendResult.Refused("The ledger's copy of the email is unreadable: " + e.getMessage());
        }
        Span span = spans.start(send);
        long start = System.nanoTime();
        try (Scope scope = span.makeCurrent(); EmailLogContext logContext = EmailLogContext.open(send.activityId())) {
            SendResult result = sender.send(email, server);
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

    /** Records outcomes (and forgets them once recorded); throws, keeping them journaled, when the ledger fails. */
    private void record(List<SendOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        // Another pass may record the same journaled outcome at once; only the update that won returns it.
        transactions.record(outcomes).forEach(metrics::outcome);
        journal.forget(outcomes);
    }

    private static OutgoingEmail toOutgoing(EmailPending email, String messageId) {
        return new OutgoingEmail(messageId, email.from(), email.to(), email.cc(), email.bcc(), email.subject(),
                email.htmlBody(), email.activityId().toString(), email.trackingToken(), email.attachments());
    }
}
