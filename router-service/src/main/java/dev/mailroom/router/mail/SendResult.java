package dev.mailroom.router.mail;

/** What one SMTP transaction ended with, in the terms the ledger needs. */
public sealed interface SendResult {

    /** The server replied 250 to the final dot: the message is the server's now. */
    record Accepted() implements SendResult {
    }

    /** The server refused for good (5xx) or the message cannot be sent as it is. */
    record Refused(String reason) implements SendResult {
    }

    /** Refused for now (4xx) or no connection: nothing was handed over, trying later is safe. */
    record Transient(String reason) implements SendResult {
    }

    /** The connection failed after the final dot was sent: the server may or may not have taken the message. */
    record Unknown(String reason) implements SendResult {
    }
}
