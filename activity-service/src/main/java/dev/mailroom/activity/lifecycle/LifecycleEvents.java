package dev.mailroom.activity.lifecycle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import dev.mailroom.activity.EmailActivity;
import dev.mailroom.activity.EmailStatus;
import dev.mailroom.activity.ParticipationType;
import dev.mailroom.activity.odata.model.RecordWritten;
import dev.mailroom.activity.odata.model.RecordsCreated;
import dev.mailroom.activity.odata.model.TableDef;
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
     * The engine created emails (one request's, or a group commit's): one "created" each, all in one outbox
     * statement, built from the rows as written rather than read back.
     */
    void onRecordsCreated(@Observes RecordsCreated created) {
        if (!EmailTable.NAME.equals(created.table())) {
            return;
        }
        Instant now = Instant.now();
        List<EmailActivityCreated> events = new ArrayList<>();
        Map<UUID, String> traces = new HashMap<>();
        for (RecordsCreated.Row row : created.rows()) {
            Map<String, Object> email = row.values();
            List<Map<String, Object>> parties = row.children().getOrDefault(EmailTable.PARTIES, List.of());
            EmailActivityCreated event = new EmailActivityCreated(UUID.randomUUID(), now, row.id(),
                    !Boolean.FALSE.equals(email.get("directioncode")), ((Number) email.get("statuscode")).intValue(),
                    (String) email.get("subject"), addresses(parties, ParticipationType.SENDER).stream()
                            .filter(Objects::nonNull).findFirst().orElse(null),
                    addresses(parties, ParticipationType.TO_RECIPIENT),
                    addresses(parties, ParticipationType.CC_RECIPIENT),
                    addresses(parties, ParticipationType.BCC_RECIPIENT), (UUID) email.get("regardingobjectid"),
                    (String) email.get("regardingobjecttypecode"), (Instant) email.get(TableDef.CREATED_ON));
            events.add(event);
            traces.put(event.eventId(), row.traceparent());
        }
        outbox.appendAll(Topics.EMAIL_LIFECYCLE, EmailActivityCreated.TYPE, events,
                event -> event.activityId().toString(), event -> traces.get(event.eventId()));
    }

    private static List<String> addresses(List<Map<String, Object>> parties, ParticipationType type) {
        return parties.stream().filter(party -> Objects.equals(party.get("participationtypemask"), type.mask()))
                .map(party -> (String) party.get("addressused")).collect(Collectors.toList());
    }

    /**
     * The engine updated an email row: an update that leaves it Canceled is "canceled" (a canceled email refuses
     * every other update, so this is the cancel itself). Creates are {@link #onRecordsCreated}'s.
     */
    void onRecordWritten(@Observes RecordWritten written) {
        if (!EmailTable.NAME.equals(written.table()) || written.created()) {
            return;
        }
        EmailActivity email = entityManager.find(EmailActivity.class, written.id());
        entityManager.refresh(email);
        Instant now = Instant.now();
        if (email.status() == EmailStatus.CANCELED) {
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
