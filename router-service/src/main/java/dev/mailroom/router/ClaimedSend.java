package dev.mailroom.router;

import java.util.UUID;

/**
 * An email this router may now hand to SMTP, fenced by {@code epoch}: the outcome is recorded only if the epoch is
 * still the ledger's. {@code payload} is the EmailPending JSON the ledger keeps until the email is finished.
 *
 * @param resend whether this send repeats one whose outcome was unknown
 * @param traceparent the email's trace (W3C), as the pending record brought it; null when it had none
 */
public record ClaimedSend(UUID activityId, long epoch, int attempt, String messageId, String payload,
        boolean resend, String traceparent) {

    public ClaimedSend(UUID activityId, long epoch, int attempt, String messageId, String payload, boolean resend) {
        this(activityId, epoch, attempt, messageId, payload, resend, null);
    }
}
