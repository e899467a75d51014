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
    private int messagesSent;
    private volatile long idleSince = System.nanoTime();

    PhaseAwareTransport(Session session, URLName url, boolean implicitTls) {
        super(session, url, implicitTls ? "smtps" : "smtp", implicitTls);
    }

    void beginMessage() {
        dotSent = false;
    }

    boolean dotSent() {
        return dotSent;
    }

    int countMessage() {
        return ++messagesSent;
    }

    /** Back in the pool from now on. */
    void markIdle() {
        idleSince = System.nanoTime();
    }

    boolean idleLongerThan(long nanos) {
        return System.nanoTime() - idleSince > nanos;
    }

    @Override
    protected void finishData() throws IOException, MessagingException {
        // Everything before this point can fail safely; from here the server may complete the transaction.
        dotSent = true;
        super.finishData();
    }
}
