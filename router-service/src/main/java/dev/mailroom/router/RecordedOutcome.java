package dev.mailroom.router;

import java.util.UUID;

/** An outcome the ledger accepted (the epoch still held), with what the status report needs. */
public record RecordedOutcome(UUID activityId, SendState state, int attempts, String messageId, String error,
        String traceparent) {

    public RecordedOutcome(UUID activityId, SendState state, int attempts, String messageId, String error) {
        this(activityId, state, attempts, messageId, error, null);
    }
}
