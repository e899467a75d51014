package dev.mailroom.router.mail;

/** Hands a message to the outgoing mail server; safe to call from several threads at once. */
public interface MailSender {

    /** Sends and says how it went; never throws for an SMTP or network failure. */
    SendResult send(OutgoingEmail email);

    /** Sends through a given server (a mailbox's server profile) instead of the default relay. */
    default SendResult send(OutgoingEmail email, SmtpServer server) {
        return send(email);
    }

    /**
     * Sends through {@code server}, asking {@code gate} just before the final dot (see {@link FinalDotGate}). A gate
     * that throws ends the send as {@link SendResult.Transient}: the server got no dot.
     */
    default SendResult send(OutgoingEmail email, SmtpServer server, FinalDotGate gate) {
        try {
            gate.beforeFinalDot();
        } catch (java.io.IOException e) {
            return new SendResult.Transient(e.getMessage());
        }
        return send(email, server);
    }
}
