package dev.mailroom.activity.lifecycle;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import dev.mailroom.activity.EmailActivity;
import dev.mailroom.activity.EmailStatus;
import dev.mailroom.activity.ParticipationType;
import dev.mailroom.activity.odata.model.RecordWritten;
import dev.mailroom.activity.tables.EmailTable;
import dev.mailroom.eventing.outbox.OutboxWriter;
import dev.mailroom.events.EmailActivityCanceled;
import dev.mailroom.events.EmailActivityCreated;
import dev.mailroom.events.EmailActivityReceived;
import dev.mailroom.events.MailroomEvent;
import dev.mailroom.events.Topics;

/**
 * The email's lifecycle for consumers, on {@code email-lifecycle} through the outbox, in the transaction of the
 * change: created (Web API), received (incoming mail), canceled (SetState). Each carries the addresses, subject
 * and regarding record, so a consumer need not call back.
 */
@ApplicationScoped
public class LifecycleEvents {

    private final OutboxWriter outbox;
    private final EntityManager entityManager;

    public LifecycleEvents(OutboxWriter outbox, EntityManager entityManager) {
        this.outbox = outbox;
        this.entityManager = entityManager;
    }

    /**
     * The engine wrote an email row: a new one is "created"; an update that leaves it Canceled is "canceled"
     * (a canceled email refuses every other update, so this is the cancel itself).
     */
    void onRecordWritten(@Observes RecordWritten written) {
        if (!EmailTable.NAME.equals(written.table())) {
            return;
        }
        EmailActivity email = entityManager.find(EmailActivity.class, written.id());
        entityManager.refresh(email);
        Instant now = Instant.now();
        if (written.created()) {
            publish(email.activityid, EmailActivityCreated.TYPE, new EmailActivityCreated(UUID.randomUUID(), now,
                    email.activityid, email.directioncode, email.statuscode, email.subject, from(email),
                    email.partyAddresses(ParticipationType.TO_RECIPIENT),
                    email.partyAddresses(ParticipationType.CC_RECIPIENT),
                    email.partyAddresses(ParticipationType.BCC_RECIPIENT), email.regardingobjectid,
                    email.regardingobjecttypecode, email.createdon));
        } else if (email.status() == EmailStatus.CANCELED) {
            publish(email.activityid, EmailActivityCanceled.TYPE, new EmailActivityCanceled(UUID.randomUUID(), now,
                    email.activityid, email.subject, from(email), email.partyAddresses(ParticipationType.TO_RECIPIENT),
                    email.regardingobjectid, email.regardingobjecttypecode));
        }
    }

    /** A message delivered as a Received email. */
    void received(EmailActivity email, IncomingMessage message) {
        publish(email.activityid, EmailActivityReceived.TYPE, new EmailActivityReceived(UUID.randomUUID(),
                Instant.now(), email.activityid, email.receivingmailboxid, email.messageid, email.inreplyto,
                email.parentactivityid, email.correlationmethod, email.subject, email.sender, message.to(),
                message.cc(), email.regardingobjectid, email.regardingobjecttypecode, email.senton));
    }

    private static String from(EmailActivity email) {
        return email.partyAddresses(ParticipationType.SENDER).stream().filter(java.util.Objects::nonNull)
                .findFirst().orElse(null);
    }

    private void publish(UUID activityId, String type, MailroomEvent event) {
        String key = activityId.toString();
        outbox.append(Topics.EMAIL_LIFECYCLE, key, type, key, event);
    }
}
