package dev.mailroom.router;

/** Where an email stands in the send ledger. */
public enum SendState {
    /**
     * A router holds the send under an epoch until its lease runs out; it renews the lease while it sends. A claim
     * whose lease ran out was abandoned (its router vanished, before or during SMTP): another router takes it over
     * and resends with the same Message-ID, up to {@code router.max-takeovers} times.
     */
    CLAIMED,
    /** A transient failure (4xx, connection refused) before the message was handed over: due again later. */
    RETRY,
    /** The connection broke after the message's final dot: it may have been delivered. Resent once, later. */
    UNKNOWN,
    /**
     * An outcome only, never stored: the sender mailbox was over its send rate, so nothing went to SMTP. Recorded as
     * RETRY without using an attempt, due when the mailbox's budget has refilled.
     */
    DEFERRED,
    /** The SMTP server accepted the message: it is never sent again. */
    SENT,
    /** Sending failed for good (5xx, attempts used up, outcome still unknown after the resend): never retried. */
    FAILED
}
