package dev.mailroom.activity.service;

import java.time.Clock;
import java.time.Instant;
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
import dev.mailroom.eventing.logging.EmailLogContext;

/** Creates emails and issues them for sending (the routers' status reports: messaging.EmailStatusBatch). */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRED)
public class EmailActivityService {

    private static final Logger LOG = Logger.getLogger(EmailActivityService.class);

    private final EmailActivityRepository repository;
    private final EmailEvents events;
    private final SendRules sendRules;
    private final TrackingTokens trackingTokens;
    private final BackgroundSendPool backgroundSend;
    private final Clock clock;

    public EmailActivityService(EmailActivityRepository repository, EmailEvents events, SendRules sendRules,
            TrackingTokens trackingTokens, BackgroundSendPool backgroundSend) {
        this.repository = repository;
        this.events = events;
        this.sendRules = sendRules;
        this.trackingTokens = trackingTokens;
        this.backgroundSend = backgroundSend;
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
        try (EmailLogContext logContext = EmailLogContext.open(activityId)) {
            if (issueSend) {
                email.moveTo(EmailStatus.PENDING_SEND, now);
                // An email of an Outlook-style mailbox waits for BackgroundSendEmail; the routers never see it.
                if (backgroundSend.isSentExternally(email, email.senderAddress().orElseThrow())) {
                    LOG.infof("Email %s issued for sending; it waits for its mailbox's BackgroundSendEmail",
                            activityId);
                } else {
                    events.emailPending(email, now);
                    LOG.infof("Email %s issued for sending", activityId);
                }
            } else {
                // IssueSend=false records an email that was sent some other way.
                email.moveTo(EmailStatus.SENT, now);
                email.senton = now;
                LOG.infof("Email %s recorded as sent (IssueSend false)", activityId);
            }
        }
        return email;
    }
}
