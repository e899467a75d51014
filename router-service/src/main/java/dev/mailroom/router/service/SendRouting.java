package dev.mailroom.router.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.mailroom.events.EmailPending;
import dev.mailroom.eventing.secrets.CredentialSeal;
import dev.mailroom.router.ClaimedSend;
import dev.mailroom.router.SendOutcome;
import dev.mailroom.router.SendState;
import dev.mailroom.router.config.RouterConfig;
import dev.mailroom.router.mail.SmtpServer;
import dev.mailroom.router.mailbox.ApprovalPolicy;
import dev.mailroom.router.mailbox.MailboxDirectory;
import dev.mailroom.router.mailbox.OutgoingServers;
import dev.mailroom.router.mailbox.SendBudget;
import dev.mailroom.router.mailbox.SenderSettings;

/**
 * Decides, for a claimed batch, what each email's sender mailbox allows: blocked (not approved: Failed with the
 * reason), deferred (over the mailbox's send rate: due again when its budget refills, no attempt used), or sent
 * through the mailbox's outgoing server profile (the default relay when it has none). One lookup and one budget
 * transaction per batch.
 */
@ApplicationScoped
public class SendRouting {

    private static final Logger LOG = Logger.getLogger(SendRouting.class);

    private final MailboxDirectory directory;
    private final SendBudget budget;
    private final CredentialSeal seal;
    private final RouterConfig config;
    private final SmtpServer relay;

    public SendRouting(MailboxDirectory directory, SendBudget budget, CredentialSeal seal, RouterConfig config) {
        this.directory = directory;
        this.budget = budget;
        this.seal = seal;
        this.config = config;
        this.relay = SmtpServer.of(config.smtp());
    }

    /** A send and the server it goes through. */
    public record Routed(ClaimedSend send, SmtpServer server) {
    }

    /** Outcomes decided without SMTP (blocked, deferred) and the sends that may go now. */
    public record Decision(List<SendOutcome> decided, List<Routed> sendable) {
    }

    Decision route(List<ClaimedSend> claimed, ClaimedPayloads payloads) {
        Map<String, List<ClaimedSend>> bySender = new LinkedHashMap<>();
        for (ClaimedSend send : claimed) {
            bySender.computeIfAbsent(senderOf(payloads.of(send)), key -> new ArrayList<>()).add(send);
        }
        List<SendOutcome> decided = new ArrayList<>();
        List<Routed> sendable = new ArrayList<>();
        Map<String, SenderSettings> senders;
        try {
            senders = directory.lookup(bySender.keySet());
        } catch (RuntimeException e) {
            // The projections are unreadable now: nothing was sent, so the whole batch simply waits.
            LOG.warnf("Mailbox settings unavailable, deferring %d emails: %s", claimed.size(), e.getMessage());
            claimed.forEach(send -> decided.add(defer(send, "Mailbox settings unavailable", retryDelay())));
            return new Decision(decided, sendable);
        }
        List<SendBudget.Request> requests = new ArrayList<>();
        Map<String, SmtpServer> servers = new LinkedHashMap<>();
        bySender.forEach((sender, sends) -> {
            SenderSettings settings = senders.getOrDefault(sender, SenderSettings.unknown(sender));
            Optional<String> blocked = ApprovalPolicy.blockReason(settings);
            if (blocked.isPresent()) {
                sends.forEach(send -> decided.add(SendOutcome.failed(send, blocked.get())));
                return;
            }
            SmtpServer server;
            try {
                SenderSettings.OutgoingProfile profile = settings.profile();
                server = OutgoingServers.of(profile, profile == null ? null : seal.open(profile.passwordSealed()))
                        .orElse(relay);
            } catch (RuntimeException e) {
                String reason = "The mailbox's email server profile cannot be used: " + e.getMessage();
                sends.forEach(send -> decided.add(SendOutcome.failed(send, reason)));
                return;
            }
            servers.put(sender, server);
            double rate = rateOf(sender);
            if (rate > 0) {
                double capacity = Math.max(1, rate * config.sendRate().burst().toMillis() / 1000.0);
                requests.add(new SendBudget.Request(sender, sends.size(), rate, capacity));
            }
        });
        Map<String, SendBudget.Grant> grants = requests.isEmpty() ? Map.of() : takeBudget(requests);
        servers.forEach((sender, server) -> {
            List<ClaimedSend> sends = bySender.get(sender);
            SendBudget.Grant grant = grants.get(sender);
            int allowed = grant == null ? (rateOf(sender) > 0 ? 0 : sends.size()) : grant.granted();
            for (int i = 0; i < sends.size(); i++) {
                if (i < allowed) {
                    sendable.add(new Routed(sends.get(i), server));
                } else {
                    // The k-th email over budget is due when k more tokens have been refilled, spread a little.
                    double tokensLeft = grant == null ? 0 : grant.tokensLeft();
                    double seconds = (i - allowed + 1 - tokensLeft) / rateOf(sender);
                    decided.add(defer(sends.get(i), "Deferred: the mailbox " + sender + " is over its send rate of "
                            + rateOf(sender) + " per second", jitter(seconds)));
                }
            }
        });
        return new Decision(decided, sendable);
    }

    private Map<String, SendBudget.Grant> takeBudget(List<SendBudget.Request> requests) {
        try {
            return budget.take(requests);
        } catch (RuntimeException e) {
            LOG.warnf("Send budgets unavailable, deferring their emails: %s", e.getMessage());
            return Map.of();
        }
    }

    double rateOf(String sender) {
        Double own = config.sendRate().mailboxes().get(sender);
        return own != null ? own : config.sendRate().perMailbox();
    }

    /** The sender mailbox; none for an unreadable payload (the pipeline refuses it when it builds the message). */
    private static String senderOf(Optional<EmailPending> email) {
        return email.map(e -> e.senderMailbox() != null ? e.senderMailbox() : e.from() == null ? "" : e.from())
                .orElse("").toLowerCase(Locale.ROOT);
    }

    private Duration retryDelay() {
        return jitter(config.retryBackoff().toMillis() / 1000.0);
    }

    private static Duration jitter(double seconds) {
        double spread = seconds * (1 + ThreadLocalRandom.current().nextDouble(0.1));
        return Duration.ofMillis(Math.max(50, (long) (spread * 1000)));
    }

    private static SendOutcome defer(ClaimedSend send, String reason, Duration after) {
        return SendOutcome.later(send, SendState.DEFERRED, reason, after);
    }
}
