package dev.mailroom.router.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.events.EmailPending;
import dev.mailroom.router.ClaimedSend;
import dev.mailroom.router.SendOutcome;
import dev.mailroom.router.config.RouterConfig;
import dev.mailroom.router.mail.MailSender;
import dev.mailroom.router.mail.OutgoingEmail;
import dev.mailroom.router.mail.SendResult;
import dev.mailroom.router.mail.SmtpServer;
import dev.mailroom.router.repository.SendLedger;

/**
 * Sends a batch: claim it in one transaction, hand every email to SMTP concurrently (one thread per pooled
 * connection), then record every outcome in one transaction. Returns only once the outcomes are recorded, so the
 * caller may then commit its Kafka offsets.
 */
@ApplicationScoped
public class SendPipeline {

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

    public SendPipeline(LedgerTransactions transactions, MailSender sender, OutcomePolicy policy,
            OutcomeJournal journal, LeaseKeeper leases, DeliveryMetrics metrics, RouterConfig config,
            RouterIdentity identity, ObjectMapper objectMapper, SendRouting routing, SendLanes lanes) {
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
        List<ClaimedSend> due = transactions.claimDue(identity.id(), config.claimLease(), limit);
        due.stream().filter(ClaimedSend::resend).forEach(send -> metrics.resend());
        send(due);
        return due.size();
    }

    private void send(List<ClaimedSend> claimed) {
        if (claimed.isEmpty()) {
            return;
        }
        List<UUID> ids = claimed.stream().map(ClaimedSend::activityId).toList();
        List<SendOutcome> outcomes = new ArrayList<>(claimed.size());
        leases.hold(ids);
        try {
            // Approval, send rate and server profile of each sender mailbox, decided for the whole batch at once.
            SendRouting.Decision decision = routing.route(claimed);
            decision.decided().forEach(journal::add);
            outcomes.addAll(decision.decided());
            List<CompletableFuture<SendOutcome>> inFlight = new ArrayList<>(claimed.size());
            for (SendRouting.Routed routed : decision.sendable()) {
                inFlight.add(CompletableFuture.supplyAsync(
                        () -> policy.decide(routed.send(), sendOne(routed.send(), routed.server())),
                        lanes.of(routed.server())));
            }
            // Journal first: if recording fails, a retry of this batch records these instead of sending again.
            for (CompletableFuture<SendOutcome> future : inFlight) {
                SendOutcome outcome = future.join();
                journal.add(outcome);
                outcomes.add(outcome);
            }
        } finally {
            leases.release(ids);
        }
        record(outcomes);
    }

    private SendResult sendOne(ClaimedSend send, SmtpServer server) {
        OutgoingEmail email;
        try {
            email = toOutgoing(objectMapper.readValue(send.payload(), EmailPending.class), send.messageId());
        } catch (JsonProcessingException | RuntimeException e) {
            return new SendResult.Refused("The ledger's copy of the email is unreadable: " + e.getMessage());
        }
        long start = System.nanoTime();
        try {
            return sender.send(email, server);
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
