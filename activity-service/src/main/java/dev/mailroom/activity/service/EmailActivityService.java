package dev.mailroom.activity.service;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.mailroom.activity.EmailActivity;
import dev.mailroom.activity.EmailStatus;
import dev.mailroom.activity.config.ActivityConfig;
import dev.mailroom.activity.repository.EmailActivityRepository;
import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.error.DataverseException;

/** Creates emails and issues them for sending (the routers' status reports: messaging.EmailStatusBatch). */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRED)
public class EmailActivityService {

    private final EmailActivityRepository repository;
    private final EmailEvents events;
    private final ActivityConfig config;
    private final Clock clock;

    public EmailActivityService(EmailActivityRepository repository, EmailEvents events, ActivityConfig config) {
        this.repository = repository;
        this.events = events;
        this.config = config;
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
}
