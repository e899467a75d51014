package dev.mailroom.router.mail;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.vertx.ext.mail.SMTPException;

/**
 * Sends through Quarkus Mailer (the Vert.x SMTP client) with the Message-ID the ledger derived from the activity.
 *
 * <p>The send runs on a thread of this class's own: called from a {@code @Blocking} Kafka consumer, the mailer would
 * queue its work behind that consumer's ordered blocking task on the same Vert.x context and wait for itself.
 */
@ApplicationScoped
public class SmtpMailSender implements MailSender {

    static final String ACTIVITY_HEADER = "X-Mailroom-Activity-Id";
    static final String TRACKING_HEADER = "X-Mailroom-Tracking-Token";

    private final Mailer mailer;
    private final ExecutorService smtpThreads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "smtp-send");
        thread.setDaemon(true);
        return thread;
    });

    public SmtpMailSender(Mailer mailer) {
        this.mailer = mailer;
    }

    @PreDestroy
    void close() {
        smtpThreads.shutdownNow();
    }

    @Override
    public void send(OutgoingEmail email) throws MailSendException {
        Mail mail = new Mail()
                .setFrom(email.from())
                .setTo(email.to())
                .setCc(email.cc())
                .setBcc(email.bcc())
                .setSubject(email.subject())
                .setHtml(email.htmlBody() == null ? "" : email.htmlBody())
                .addHeader("Message-ID", email.messageId())
                .addHeader(ACTIVITY_HEADER, email.activityId());
        if (email.trackingToken() != null) {
            mail.addHeader(TRACKING_HEADER, email.trackingToken());
        }
        try {
            smtpThreads.submit(() -> mailer.send(mail)).get();
        } catch (ExecutionException e) {
            throw new MailSendException("SMTP send failed: " + e.getCause().getMessage(), isPermanent(e), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailSendException("Interrupted while sending", false, e);
        }
    }

    /** A 5xx reply will not change on retry; anything else (4xx, a dropped connection) might. */
    static boolean isPermanent(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SMTPException smtp) {
                return smtp.isPermanent();
            }
        }
        return false;
    }
}
