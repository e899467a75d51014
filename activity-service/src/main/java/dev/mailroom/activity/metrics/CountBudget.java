package dev.mailroom.activity.metrics;

import java.time.Duration;
import java.time.Instant;

/**
 * Keeps a periodic count within a share of one core: after a count that took {@code d}, the next is not due before
 * {@code d / share} has passed since it began, however often the schedule fires. A count of a few milliseconds runs
 * on every firing; one that grew with its table (a grouped count of ten million emails takes seconds, and right after
 * a bulk job it also visits every page the job changed, whose visibility the next vacuum has not yet recorded) runs
 * less often instead of taking a fixed slice of the database's time for ever.
 */
final class CountBudget {

    private final double share;
    private Instant notBefore = Instant.MIN;

    /** @param share the most of one core the count may take on average, above 0 and at most 1 */
    CountBudget(double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("A share of one core is above 0 and at most 1: " + share);
        }
        this.share = share;
    }

    boolean due(Instant now) {
        return !now.isBefore(notBefore);
    }

    /** Records a count that began at {@code start} and took {@code took}. */
    void spent(Instant start, Duration took) {
        notBefore = start.plusNanos((long) (took.toNanos() / share));
    }
}
