package dev.mailroom.router;

import java.time.Instant;
import java.util.UUID;

/**
 * An outcome the ledger accepted (the epoch still held), with what the status report needs.
 *
 * @param epoch the claim's epoch the outcome was recorded under
 * @param at when the ledger recorded it ({@code outcome_at}); null for an outcome not recorded yet
 */
public record RecordedOutcome(UUID activityId, long epoch, SendState state, int attempts, String messageId,
        String error, String traceparent, Instant at) {
}
