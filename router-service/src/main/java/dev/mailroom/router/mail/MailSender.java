package dev.mailroom.router.mail;

/** Hands a message to the outgoing mail server; safe to call from several threads at once. */
public interface MailSender {

    /** Sends and says how it went; never throws for an SMTP or network failure. */
    SendResult send(OutgoingEmail email);

    /** Sends through a given server (a mailbox's server profile) instead of the default relay. */
    default SendResult send(OutgoingEmail email, SmtpServer server) {
        return send(email);
    }
}
