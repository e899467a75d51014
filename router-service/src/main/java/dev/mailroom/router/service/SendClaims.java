package dev.mailroom.router.service;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.mailroom.eventing.inbox.IncomingEvent;
import dev.mailroom.eventing.inbox.ProcessedEventLog;
import dev.mailroom.events.EmailPending;
import dev.mailroom.router.SendLedgerEntry;
import dev.mailroom.router.SendState;
import dev.mailroom.router.repository.SendLedgerRepository;

/**
 * The two short transactions around an SMTP send: take the claim before it, record the outcome after it. No
 * transaction stays open while SMTP talks.
 */
@ApplicationScoped
@Transactional
public class SendClaims {

    private final SendLedgerRepository ledger;
    private final ProcessedEventLog processedEvents;
    private final StatusEvents statusEvents;
    private final Clock clock = Clock.systemUTC();

    public SendClaims(SendLedgerRepository ledger, ProcessedEventLog processedEvents, StatusEvents statusEvents) {
        this.ledger = ledger;
        this.processedEvents = processedEvents;
        this.statusEvents = statusEvents;
    }

    /** What {@link #claim} found. */
    public sealed interface Outcome permits AlreadyFinished, HeldByOther, Claimed {
    }

    /** The email was sent or failed before: nothing to do. */
    public record AlreadyFinished() implements Outcome {
    }

    /** Another router's live claim: look again later. */
    public record HeldByOther() implements Outcome {
    }

    /** This router may send, and must finish with this epoch. */
    public record Claimed(long epoch, int attempt, String messageId) implements Outcome {
    }

    public Outcome claim(IncomingEvent<EmailPending> event, String routerId, java.time.Duration lease, String domain) {
        UUID activityId = event.payload().activityId();
        SendLedgerEntry entry = ledger.lockOrCreate(activityId, MessageIds.forActivity(activityId, domain));
        Instant now = clock.instant();
        if (entry.isFinished()) {
            processedEvents.markProcessed(event);
            return new AlreadyFinished();
        }
        if (entry.isHeldByOther(routerId, now)) {
            return new HeldByOther();
        }
        entry.epoch++;
        entry.attempts++;
        entry.claimedBy = routerId;
        entry.leaseUntil = now.plus(lease);
        statusEvents.report(entry, StatusEvents.SENDING, now, null);
        return new Claimed(entry.epoch, entry.attempts, entry.messageId);
    }

    /**
     * Records how the send ended, if the claim is still this router's, together with the status report and the
     * consumed event id.
     *
     * @return false when the claim had been taken over; nothing was recorded then
     */
    public boolean finish(IncomingEvent<EmailPending> event, long epoch, SendState outcome, String error) {
        UUID activityId = event.payload().activityId();
        Instant now = clock.instant();
        if (!ledger.finishIfEpochHolds(activityId, epoch, outcome, now, error)) {
            return false;
        }
        SendLedgerEntry entry = ledger.findEntry(activityId).orElseThrow();
        statusEvents.report(entry, outcome == SendState.SENT ? StatusEvents.SENT : StatusEvents.FAILED, now, error);
        processedEvents.markProcessed(event);
        return true;
    }

    /** Gives the claim up after a transient failure, so the next attempt (here or elsewhere) can start at once. */
    public void release(UUID activityId, long epoch, String error) {
        ledger.findByIdOptional(activityId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .filter(entry -> entry.epoch == epoch && entry.state == SendState.CLAIMED)
                .ifPresent(entry -> {
                    entry.leaseUntil = Instant.EPOCH;
                    entry.lastError = error;
                });
    }
}
