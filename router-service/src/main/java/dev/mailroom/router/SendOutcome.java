package dev.mailroom.router;

import java.time.Duration;
import java.util.UUID;

/**
 * How one claimed send ended, as the ledger will record it under the claim's epoch.
 *
 * @param retryAfter when {@code state} is RETRY or UNKNOWN, how long until the email is due again
 */
public record SendOutcome(UUID activityId, long epoch, SendState state, String error, Duration retryAfter) {

    public static SendOutcome sent(ClaimedSend send) {
        return new SendOutcome(send.activityId(), send.epoch(), SendState.SENT, null, Duration.ZERO);
    }

    public static SendOutcome failed(ClaimedSend send, String reason) {
        return new SendOutcome(send.activityId(), send.epoch(), SendState.FAILED, reason, Duration.ZERO);
    }

    public static SendOutcome later(ClaimedSend send, SendState state, String reason, Duration after) {
        return new SendOutcome(send.activityId(), send.epoch(), state, reason, after);
    }

    public boolean isFinal() {
        return state == SendState.SENT || state == SendState.FAILED;
    }
}
