package dev.mailroom.router;

/** Where an email stands in the send ledger. */
public enum SendState {
    /** A router holds the send under an epoch until its lease runs out. */
    CLAIMED,
    /** The SMTP server accepted the message: it is never sent again. */
    SENT,
    /** Sending failed for good: it is not retried. */
    FAILED
}
