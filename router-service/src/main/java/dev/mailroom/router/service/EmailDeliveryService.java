package dev.mailroom.router.service;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.mailroom.eventing.inbox.IncomingEvent;
import dev.mailroom.events.EmailPending;
import dev.mailroom.router.SendState;
import dev.mailroom.router.config.RouterConfig;
import dev.mailroom.router.mail.MailSendException;
import dev.mailroom.router.mail.MailSender;
import dev.mailroom.router.mail.OutgoingEmail;

/**
 * Sends one pending email exactly once: claim in the ledger, SMTP outside any transaction, then record the outcome
 * under the claimed epoch. See the design's "Exactly-once sending" for the one window this cannot close.
 */
@ApplicationScoped
public class EmailDeliveryService {

    private static final Logger LOG = Logger.getLogger(EmailDeliveryService.class);

    private final SendClaims claims;
    private final MailSender sender;
    private final RouterConfig config;
    private final String routerId;
    private final DeliveryMetrics metrics;

    public EmailDeliveryService(SendClaims claims, MailSender sender, RouterConfig config, DeliveryMetrics metrics) {
        this.claims = claims;
        this.sender = sender;
        this.config = config;
        this.metrics = metrics;
        this.routerId = config.instanceId().orElseGet(EmailDeliveryService::defaultInstanceId);
    }

    public void deliver(IncomingEvent<EmailPending> event) throws InterruptedException {
        EmailPending email = event.payload();
        while (true) {
            SendClaims.Outcome outcome = claims.claim(event, routerId, config.claimLease(), config.messageIdDomain());
            if (outcome instanceof SendClaims.AlreadyFinished) {
                return;
            }
            if (outcome instanceof SendClaims.HeldByOther) {
                // Another router is mid-send (a rebalance handed us its partition): wait for its outcome or lease.
                Thread.sleep(config.claimRecheck().toMillis());
                continue;
            }
            SendClaims.Claimed claim = (SendClaims.Claimed) outcome;
            try {
                metrics.timeSmtp(() -> sender.send(toOutgoing(email, claim.messageId())));
                metrics.sent();
                if (!claims.finish(event, claim.epoch(), SendState.SENT, null)) {
                    LOG.warnf("Email %s was sent after its claim (epoch %d) had been taken over",
                            email.activityId(), claim.epoch());
                }
                return;
            } catch (MailSendException e) {
                if (e.isPermanent() || claim.attempt() >= config.maxAttempts()) {
                    LOG.warnf("Email %s failed after %d attempt(s): %s", email.activityId(), claim.attempt(),
                            e.getMessage());
                    claims.finish(event, claim.epoch(), SendState.FAILED, e.getMessage());
                    metrics.failed();
                    return;
                }
                metrics.retried();
                claims.release(email.activityId(), claim.epoch(), e.getMessage());
                Thread.sleep(backoff(claim.attempt()).toMillis());
            }
        }
    }

    private Duration backoff(int attempt) {
        return config.retryBackoff().multipliedBy(1L << Math.min(attempt - 1, 10));
    }

    private static OutgoingEmail toOutgoing(EmailPending email, String messageId) {
        return new OutgoingEmail(messageId, email.from(), email.to(), email.cc(), email.bcc(), email.subject(),
                email.htmlBody(), email.activityId().toString(), email.trackingToken());
    }

    private static String defaultInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "router";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
