package dev.mailroom.router.service;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.router.RecordedOutcome;
import dev.mailroom.router.SendState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;

/**
 * What an operator watches on a router: sends by outcome, resends of unknown outcomes, SMTP time, dead letters,
 * status reports published again.
 * Created at start rather than at the first send, so every series is scraped (at zero) from the start.
 */
@Startup
@ApplicationScoped
public class DeliveryMetrics {

    private final MeterRegistry meters;
    private final Counter resends;
    private final Counter deadLetters;
    private final Counter incomingDeadLetters;
    private final Counter reportsAgain;
    private final Timer smtp;

    public DeliveryMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.resends = Counter.builder("mailroom.router.unknown.resends")
                .description("Sends repeated with the same Message-ID because an earlier outcome was unknown")
                .register(meters);
        this.deadLetters = Counter.builder("mailroom.router.dead.letters")
                .description("Pending records moved to the dead-letter topic")
                .register(meters);
        this.incomingDeadLetters = Counter.builder("mailroom.router.incoming.dead.letters")
                .description("Incoming messages that could not be read, moved to email-incoming-dlq")
                .register(meters);
        this.reportsAgain = Counter.builder("mailroom.router.reports.again")
                .description("Status reports published again, from the ledger, for pending records that came again "
                        + "after their email was recorded (a redelivery, a retried batch, a router that died)")
                .register(meters);
        this.smtp = Timer.builder("mailroom.router.smtp")
                .description("Time from handing a message to SMTP until the server accepted or refused it")
                .register(meters);
        // Registered up front, so dashboards and alerts see zeros rather than no series before the first event.
        for (SendState state : SendState.values()) {
            sends(state);
        }
        handedBack(0);
    }

    Timer smtp() {
        return smtp;
    }

    void outcome(RecordedOutcome outcome) {
        sends(outcome.state()).increment();
    }

    private Counter sends(SendState state) {
        String name = switch (state) {
            case SENT -> "sent";
            case FAILED -> "failed";
            case RETRY -> "retried";
            case UNKNOWN -> "unknown";
            case CLAIMED -> "claimed";
            case DEFERRED -> "deferred";
        };
        return Counter.builder("mailroom.router.sends")
                .description("SMTP sends by outcome: sent, failed for good, retried later, outcome "
                        + "unknown, or deferred (the mailbox over its send rate)")
                .tag("outcome", name)
                .register(meters);
    }

    void handedBack(int count) {
        Counter.builder("mailroom.router.handed.back")
                .description("Claims released unsent by a router shutting down, for another router to send at once")
                .register(meters)
                .increment(count);
    }

    void reportsAgain(int count) {
        reportsAgain.increment(count);
    }

    void resend() {
        resends.increment();
    }

    public void deadLetter() {
        deadLetters.increment();
    }

    public void incomingDeadLetters(int count) {
        incomingDeadLetters.increment(count);
    }
}
