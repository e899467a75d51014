package dev.mailroom.router.mail;

/** Hands a message to the outgoing mail server. */
public interface MailSender {

    /** Returns once the server accepted the message (SMTP 250 after DATA). */
    void send(OutgoingEmail email) throws MailSendException;
}
