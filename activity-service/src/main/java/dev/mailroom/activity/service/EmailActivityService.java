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
import dev.mailroom.activity.lifecycle.BackgroundSendPool;
import dev.mailroom.activity.lifecycle.SendRules;
import dev.mailroom.activity.lifecycle.TrackingTokens;
import dev.mailroom.activity.repository.EmailActivityRepository;
import dev.mailroom.activity.error.DataverseException;
import dev.mailroom.events.EmailStatusChanged;

/** Creates emails, issues them for sending and applies the routers' status reports. */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRED)
public class EmailActivityService {

    private static final Logger LOG = Logger.getLogger(EmailActivityService.class);

    private final EmailActivityRepository repository;
    private final EmailEvents events;
    private final SendRules sendRules;
    private final TrackingTokens trackingTokens;
    private final BackgroundSendPool backgroundSend;
    private final EmailLocks locks;
    private final ParkedStatuses parked;
    private final BulkJobCounters bulkCounters;
    private final Clock clock;

    public EmailActivityService(EmailActivityRepository repository, EmailEvents events, SendRules sendRules,
            TrackingTokens trackingTokens, BackgroundSendPool backgroundSend, EmailLocks locks, ParkedStatuses parked,
            BulkJobCounters bulkCounters) {
        this.repository = repository;
        this.events = events;
        this.sendRules = sendRules;
        this.trackingTokens = trackingTokens;
        this.backgroundSend = backgroundSend;
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
     * the email no longer in Draft and is refused, so an email is issued once. A given tracking token is kept,
     * otherwise one is generated from the organization's settings; either goes at the end of the subject.
     */
    public EmailActivity sendEmail(UUID activityId, boolean issueSend, String trackingToken) {
        EmailActivity email = repository.findByIdForUpdate(activityId)
                .orElseThrow(() -> DataverseException.emailNotFound(activityId));
        sendRules.requireSendable(email);
        Instant now = clock.instant();
        String token = trackingToken != null ? trackingToken : trackingTokens.generate().orElse(null);
        if (token != null) {
            email.trackingtoken = token;
            email.subject = TrackingTokens.inSubject(email.subject, token);
        }
        if (issueSend) {
            email.moveTo(EmailStatus.PENDING_SEND, now);
            // An email of an Outlook-style mailbox waits for BackgroundSendEmail; the routers never see it.
            if (!backgroundSend.isSentExternally(email, email.senderAddress().orElseThrow())) {
                events.emailPending(email, now);
            }
        } else {
            // IssueSend=false records an email that was sent some other way.
            email.moveTo(EmailStatus.SENT, now);
            email.senton = now;
        }
        return email;
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
