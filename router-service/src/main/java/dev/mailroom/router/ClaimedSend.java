package dev.mailroom.router;

import java.util.UUID;

/**
 * An email this router may now hand to SMTP, fenced by {@code epoch}: the outcome is recorded only if the epoch is
 * still the ledger's. {@code payload} is the EmailPending JSON the ledger keeps until the email is finished.
 *
 * @param resend whether this send repeats one that may have reached the server: an unknown outcome, or a claim
 *        whose router vanished
 * @param traceparent the email's trace (W3C), as the pending record brought it; null when it had none
 * @param takeover whether this claim took over one abandoned by a router that died or hung (its lease ran out)
 * @param unknownResendSpent whether the one resend the policy allows after an unknown outcome is already used (by
 *        this claim or an earlier one): another unknown outcome then fails the email instead of resending it
 */
public record ClaimedSend(UUID activityId, long epoch, int attempt, String messageId, String payload,
        boolean resend, String traceparent, boolean takeover, boolean unknownResendSpent) {

    public ClaimedSend(UUID activityId, long epoch, int attempt, String messageId, String payload, boolean resend,
            String traceparent) {
        this(activityId, epoch, attempt, messageId, payload, resend, traceparent, false, resend);
    }

    public ClaimedSend(UUID activityId, long epoch, int attempt, String messageId, String payload, boolean resend) {
        this(activityId, epoch, attempt, messageId, payload, resend, null);
    }
}
