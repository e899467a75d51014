package dev.mailroom.router.service;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.router.mail.MailSendException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** What an operator watches on a router: sends by outcome and how long the SMTP server takes. */
@ApplicationScoped
public class DeliveryMetrics {

    private final Counter sent;
    private final Counter failed;
    private final Counter retried;
    private final Timer smtp;

    public DeliveryMetrics(MeterRegistry meters) {
        this.sent = sends(meters, "sent");
        this.failed = sends(meters, "failed");
        this.retried = sends(meters, "retried");
        this.smtp = Timer.builder("mailroom.router.smtp")
                .description("Time from handing a message to SMTP until the server accepted or refused it")
                .register(meters);
    }

    private static Counter sends(MeterRegistry meters, String outcome) {
        return Counter.builder("mailroom.router.sends")
                .description("SMTP sends by outcome: sent, failed for good, or retried after a transient failure")
                .tag("outcome", outcome)
                .register(meters);
    }

    /** An SMTP hand-over that may fail. */
    @FunctionalInterface
    interface SmtpCall {
        void run() throws MailSendException;
    }

    void timeSmtp(SmtpCall call) throws MailSendException {
        long start = System.nanoTime();
        try {
            call.run();
        } finally {
            smtp.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    void sent() {
        sent.increment();
    }

    void failed() {
        failed.increment();
    }

    void retried() {
        retried.increment();
    }
}
