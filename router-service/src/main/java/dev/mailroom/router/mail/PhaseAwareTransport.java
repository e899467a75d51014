package dev.mailroom.router.mail;

import java.io.IOException;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;

import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * An SMTP connection that remembers whether the current message's final dot went out. A failure before it means the
 * server has nothing (safe to retry); a failure after it, without a reply, means the outcome is unknown.
 */
final class PhaseAwareTransport extends SMTPTransport {

    private volatile boolean dotSent;
    private FinalDotGate gate = FinalDotGate.OPEN;
    private int messagesSent;
    private long idleSince = System.nanoTime();

    PhaseAwareTransport(Session session, URLName url, boolean implicitTls) {
        super(session, url, implicitTls ? "smtps" : "smtp", implicitTls);
    }

    /** Starts a message whose final dot waits for {@code gate}. */
    void beginMessage(FinalDotGate gate) {
        this.gate = gate;
        dotSent = false;
    }

    boolean dotSent() {
        return dotSent;
    }

    int countMessage() {
        idleSince = System.nanoTime();
        return ++messagesSent;
    }

    /** How long the connection has waited in the pool since its last message. */
    long idleNanos() {
        return System.nanoTime() - idleSince;
    }

    /**
     * Angus Mail's last step of DATA, called with the whole message written and only the dot to go: the one place
     * where the router can hold a message back while nothing has been handed over. An IOException thrown by the gate
     * makes {@code sendMessage} drop the connection without the dot (the server discards the message).
     */
    @Override
    protected void finishData() throws IOException, MessagingException {
        gate.beforeFinalDot();
        // Everything before this point can fail safely; from here the server may complete the transaction.
        dotSent = true;
        super.finishData();
    }

    /**
     * BDAT (CHUNKING) is never used: the router does not set {@code mail.smtp.chunksize}, so every message ends in
     * {@link #finishData()}. Should it ever be turned on, the last chunk is gated just the same.
     */
    @Override
    protected void finishBdat() throws IOException, MessagingException {
        gate.beforeFinalDot();
        dotSent = true;
        super.finishBdat();
    }
}
