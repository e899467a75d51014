package dev.mailroom.router.mail;

import java.io.IOException;

/**
 * Asked by the SMTP connection just before it sends the final dot of DATA, the one moment after which the server may
 * take the message. Blocking here holds the message back with nothing handed over yet; throwing an
 * {@link IOException} drops the connection without the dot, so the server discards the message and the send counts
 * as a failure before the dot (safe to retry).
 */
@FunctionalInterface
public interface FinalDotGate {

    /** No gate: the dot goes out at once. */
    FinalDotGate OPEN = () -> {
    };

    /** Returns once the dot may go out; throws to abandon the message without it. */
    void beforeFinalDot() throws IOException;
}
