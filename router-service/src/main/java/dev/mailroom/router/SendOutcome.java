package dev.mailroom.router;

import java.time.Duration;
import java.util.UUID;

/**
 * How one claimed send ended, as the ledger will record it under the claim's epoch.
 *
 * @param retryAfter when {@code state} is RETRY or UNKNOWN, how long until the email is due again
 * @param attempt the claim's attempt, as the ledger counts it (a deferral gives it back when recorded)
 * @param messageId the email's Message-ID
 * @param traceparent the email's trace (W3C), or null
 */
public record SendOutcome(UUID activityId, long epoch, SendState state, String error, Duration retryAfter,
        int attempt, String messageId, String traceparent) {

    public static SendOutcome sent(ClaimedSend send) {
        return of(send, SendState.SENT, null, Duration.ZERO);
    }

    public static SendOutcome failed(ClaimedSend send, String reason) {
        return of(send, SendState.FAILED, reason, Duration.ZERO);
    }

    public static SendOutcome later(ClaimedSend send, SendState state, String reason, Duration after) {
        return of(send, state, reason, after);
    }

    private static SendOutcome of(ClaimedSend send, SendState state, String reason, Duration after) {
        return new SendOutcome(send.activityId(), send.epoch(), state, reason, after, send.attempt(),
                send.messageId(), send.traceparent());
    }

    public boolean isFinal() {
        return state == SendState.SENT || state == SendState.FAILED;
    }

    /**
     * The outcome as the ledger will hold it once recorded (its epoch still holding): the attempts count and last
     * error the status report carries. A deferral sent nothing, so its attempt is given back.
     */
    public RecordedOutcome asRecorded() {
        return new RecordedOutcome(activityId, epoch, state, state == SendState.DEFERRED ? attempt - 1 : attempt,
                messageId, error, traceparent, null);
    }
}
