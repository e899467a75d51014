package dev.mailroom.router.mail;

/** SMTP did not take the message; {@code permanent} when the server refused it for good (a 5xx reply). */
public class MailSendException extends Exception {

    private final boolean permanent;

    public MailSendException(String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
    }

    public boolean isPermanent() {
        return permanent;
    }
}
