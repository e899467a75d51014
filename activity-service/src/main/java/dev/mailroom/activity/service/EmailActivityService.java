package dev.mailroom.activity.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.mailroom.activity.EmailActivity;
import dev.mailroom.activity.EmailStatus;
import dev.mailroom.activity.config.ActivityConfig;
import dev.mailroom.activity.repository.EmailActivityRepository;
import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.error.DataverseException;
import dev.mailroom.events.EmailStatusChanged;

/** Creates emails, issues them for sending and applies the routers' status reports. */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRED)
public class EmailActivityService {

    private static final Logger LOG = Logger.getLogger(EmailActivityService.class);

    private final EmailActivityRepository repository;
    private final EmailEvents events;
    private final ActivityConfig config;
    private final EmailLocks locks;
    private final ParkedStatuses parked;
    private final BulkJobCounters bulkCounters;
    private final Clock clock;

    public EmailActivityService(EmailActivityRepository repository, EmailEvents events, ActivityConfig config,
            EmailLocks locks, ParkedStatuses parked, BulkJobCounters bulkCounters) {
        this.repository = repository;
        this.events = events;
        this.config = config;
        this.locks = locks;
        this.parked = parked;
        this.bulkCounters = bulkCounters;
        this.clock = Clock.systemUTC();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<EmailActivity> findEmailById(UUID activityId) {
        return repository.findByIdOptional(activityId);
    }

    /**
     * The SendEmail message. The row lock makes two concurrent calls for one email take turns: the second finds
     * the email no longer in Draft and is refused, so an email is issued once.
     */
    public EmailActivity sendEmail(UUID activityId, boolean issueSend, String trackingToken) {
        EmailActivity email = repository.findByIdForUpdate(activityId)
                .orElseThrow(() -> DataverseException.emailNotFound(activityId));
        requireSendable(email);
        Instant now = clock.instant();
        email.trackingtoken = trackingToken != null ? trackingToken : generateTrackingToken();
        if (issueSend) {
            email.moveTo(EmailStatus.PENDING_SEND, now);
            events.emailPending(email, now);
        } else {
            // IssueSend=false records an email that was sent some other way.
            email.moveTo(EmailStatus.SENT, now);
            email.senton = now;
        }
        return email;
    }

    private static void requireSendable(EmailActivity email) {
        if (!email.directioncode) {
            throw DataverseError.INVALID_ARGUMENT.withMessage(
                    "Only an outgoing email (directioncode true) can be sent.");
        }
        if (email.status() != EmailStatus.DRAFT) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("The email must be in Draft status to be sent; its "
                    + "status is " + email.status().label() + " (statuscode " + email.statuscode + ").");
        }
        if (email.senderAddress().isEmpty()) {
            throw DataverseError.INVALID_ARGUMENT.withMessage(
                    "The e-mail must have exactly one sender (participationtypemask 1) before it can be sent");
        }
        if (!email.hasRecipients()) {
            throw DataverseError.RECIPIENT_NOT_SPECIFIED.withMessage(
                    "The e-mail must have at least one recipient before it can be sent");
        }
    }

    private String generateTrackingToken() {
        String number = repository.nextTrackingNumber();
        int digits = config.trackingTokenDigits();
        String padded = number.length() >= digits ? number : "0".repeat(digits - number.length()) + number;
        return config.trackingTokenPrefix() + padded;
    }

    /**
     * Applies a router's report if it moves the email forward; an older or repeated report changes nothing. A
     * report for an email not created yet is parked and applied when the email arrives (see ParkedStatuses).
     *
     * @return whether the row changed
     */
    public boolean applyDeliveryStatus(EmailStatusChanged report) {
        Optional<EmailStatus> next = EmailStatus.fromStatuscode(report.statuscode());
        if (next.isEmpty()) {
            LOG.warnf("Ignoring status report %s with unknown statuscode %d", report.eventId(), report.statuscode());
            return false;
        }
        locks.lock(List.of(report.activityId()));
        Optional<EmailActivity> found = repository.findByIdForUpdate(report.activityId());
        if (found.isEmpty()) {
            LOG.debugf("Parking status report %s for email %s, not created yet", report.eventId(),
                    report.activityId());
            parked.park(report);
            return false;
        }
        EmailActivity email = found.get();
        if (!email.status().isOvertakenBy(next.get())) {
            return false;
        }
        Instant now = clock.instant();
        email.moveTo(next.get(), now);
        email.deliveryattempts = Math.max(email.deliveryattempts, report.deliveryAttempts());
        if (report.messageId() != null) {
            email.messageid = report.messageId();
        }
        if (next.get() == EmailStatus.SENT) {
            email.senton = report.occurredAt();
        }
        if (next.get().isDeliveryOutcome()) {
            bulkCounters.add(email.asyncoperationid, next.get() == EmailStatus.SENT ? 1 : 0,
                    next.get() == EmailStatus.FAILED ? 1 : 0);
        }
        return true;
    }
}
