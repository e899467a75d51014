package dev.mailroom.router.service;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.router.ClaimedSend;
import dev.mailroom.router.SendOutcome;
import dev.mailroom.router.SendState;
import dev.mailroom.router.config.RouterConfig;
import dev.mailroom.router.mail.SendResult;

/**
 * Turns an SMTP result into what the ledger records: 250 is Sent, 5xx is Failed at once, a transient failure is
 * retried with exponential backoff and jitter until {@code router.max-attempts}, and an unknown outcome waits one
 * lease and is resent once with the same Message-ID.
 */
@ApplicationScoped
public class OutcomePolicy {

    private final RouterConfig config;

    public OutcomePolicy(RouterConfig config) {
        this.config = config;
    }

    SendOutcome decide(ClaimedSend send, SendResult result) {
        if (result instanceof SendResult.Accepted) {
            return SendOutcome.sent(send);
        }
        if (result instanceof SendResult.Refused refused) {
            return SendOutcome.failed(send, refused.reason());
        }
        if (result instanceof SendResult.Transient failure) {
            return send.attempt() >= config.maxAttempts()
                    ? SendOutcome.failed(send, "Gave up after " + send.attempt() + " attempts: " + failure.reason())
                    : SendOutcome.later(send, SendState.RETRY, failure.reason(), backoff(send.attempt()));
        }
        String reason = ((SendResult.Unknown) result).reason();
        return send.unknownResendSpent()
                ? SendOutcome.failed(send, LedgerTransactions.UNKNOWN_AFTER_RESEND + " (" + reason + ")")
                // Wait out a lease: the same wait another router gives an abandoned claim.
                : SendOutcome.later(send, SendState.UNKNOWN, reason, config.claimLease());
    }

    /** base * 2^(attempt-1), capped, then a random point in its upper half so retries do not arrive in waves. */
    Duration backoff(int attempt) {
        Duration exponential = config.retryBackoff().multipliedBy(1L << Math.min(attempt - 1, 20));
        long capped = Math.min(exponential.toMillis(), config.retryBackoffMax().toMillis());
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }
}
