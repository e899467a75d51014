package dev.mailroom.router.mail;

/**
 * Names the mail library's stream provider once for the whole process. Jakarta Mail 2.1 looks its
 * {@code StreamProvider} up again each time a part is written or encoded (twice per outgoing message, more per
 * multipart or parsed message); without this system property every lookup is a {@link java.util.ServiceLoader} scan
 * of the class path's jars. The router's throughput profile showed that scan as a third of an SMTP thread's CPU. With
 * the property set, the lookup is a class-name lookup of an already loaded class.
 */
public final class MailStreamProvider {

    static final String PROPERTY = "jakarta.mail.util.StreamProvider";
    static final String ANGUS = "org.eclipse.angus.mail.util.MailStreamProvider";

    private MailStreamProvider() {
    }

    /** Sets the property unless the deployment set its own; idempotent and cheap, so every user may call it. */
    public static void pin() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, ANGUS);
        }
    }
}
