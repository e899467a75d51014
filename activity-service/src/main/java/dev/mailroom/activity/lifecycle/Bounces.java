package dev.mailroom.activity.lifecycle;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.micrometer.core.instrument.MeterRegistry;

import org.jboss.logging.Logger;

import dev.mailroom.activity.EmailStatus;
import dev.mailroom.activity.ParticipationType;
import dev.mailroom.activity.service.EmailLocks;
import dev.mailroom.eventing.outbox.OutboxWriter;
import dev.mailroom.events.DeliveryReport;
import dev.mailroom.events.EmailBounced;
import dev.mailroom.events.Topics;

/**
 * Bounces: delivery status notifications that came back for emails sent earlier, matched to the email by the
 * Message-ID the report returns. Each failed recipient is published as {@link EmailBounced} on email-lifecycle;
 * when every recipient of a Sent email failed, the email moves to Failed (statecode 0, statuscode 8), as it would
 * have had the receiving server refused it during the send. Only a Sent email moves: one still on its way gets its
 * Sent report later (equal rank, so the report would not undo the Failed), and the bounce is still published.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class Bounces {

    private static final Logger LOG = Logger.getLogger(Bounces.class);

    /** A report delivered as the Received email {@code reportActivityId}. */
    public record Bounce(UUID reportActivityId, DeliveryReport report) {
    }

    private record Original(UUID activityId, int statuscode, UUID regardingId, String regardingType) {
    }

    private final EntityManager entityManager;
    private final EmailLocks locks;
    private final OutboxWriter outbox;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();

    public Bounces(EntityManager entityManager, EmailLocks locks, OutboxWriter outbox, MeterRegistry meters) {
        this.entityManager = entityManager;
        this.locks = locks;
        this.outbox = outbox;
        this.meters = meters;
    }

    /** Applies the reports of one batch of incoming mail, in its transaction. */
    public void recordAll(List<Bounce> bounces) {
        Map<Bounce, Original> matched = new LinkedHashMap<>();
        for (Bounce bounce : bounces) {
            DeliveryReport report = bounce.report();
            if (report.recipients().stream().noneMatch(DeliveryReport.Recipient::failed)) {
                continue; // delayed, delivered, relayed: nothing went wrong (yet)
            }
            Optional<Original> original = original(report.originalMessageId());
            if (original.isEmpty()) {
                meters.counter("mailroom.bounces.unmatched").increment();
                LOG.infof("Bounce %s names no email sent from here (Message-ID %s)", bounce.reportActivityId(),
                        report.originalMessageId());
                continue;
            }
            matched.put(bounce, original.get());
        }
        if (matched.isEmpty()) {
            return;
        }
        // The same locks as the routers' status reports take, so a bounce and a report of the same email take turns.
        locks.lock(matched.values().stream().map(Original::activityId).collect(Collectors.toSet()));
        Instant now = clock.instant();
        matched.forEach((bounce, original) -> apply(bounce, original, now));
    }

    private void apply(Bounce bounce, Original original, Instant now) {
        List<DeliveryReport.Recipient> failed = bounce.report().recipients().stream()
                .filter(DeliveryReport.Recipient::failed).toList();
        Set<String> failedAddresses = failed.stream().map(recipient -> key(recipient.address()))
                .collect(Collectors.toSet());
        List<String> recipients = recipients(original.activityId());
        boolean allFailed = !recipients.isEmpty() && failedAddresses.containsAll(recipients);
        boolean emailFailed = allFailed && markFailed(original.activityId());
        List<EmailBounced> events = new ArrayList<>(failed.size());
        for (DeliveryReport.Recipient recipient : failed) {
            events.add(new EmailBounced(UUID.randomUUID(), now, original.activityId(), bounce.reportActivityId(),
                    recipient.address(), recipient.status(), recipient.diagnosticCode(), recipient.permanent(),
                    emailFailed, original.regardingId(), original.regardingType()));
            meters.counter("mailroom.bounces", "kind", recipient.permanent() ? "hard" : "soft").increment();
        }
        outbox.appendAll(Topics.EMAIL_LIFECYCLE, EmailBounced.TYPE, events, event -> event.activityId().toString());
    }

    /** The outgoing email a report names (the earliest, should a Message-ID have been reused). */
    private Optional<Original> original(String messageId) {
        if (messageId == null || messageId.isBlank()) {
            return Optional.empty();
        }
        List<?> rows = entityManager.createNativeQuery("SELECT activityid, statuscode, regardingobjectid, "
                + "regardingobjecttypecode FROM email WHERE messageid = ?1 AND directioncode = TRUE "
                + "ORDER BY createdon, activityid LIMIT 1").setParameter(1, messageId.strip()).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) rows.get(0);
        return Optional.of(new Original((UUID) row[0], ((Number) row[1]).intValue(), (UUID) row[2],
                (String) row[3]));
    }

    private List<String> recipients(UUID activityId) {
        List<?> rows = entityManager.createNativeQuery("SELECT addressused FROM activityparty WHERE activityid = ?1 "
                + "AND participationtypemask IN (?2, ?3, ?4) AND addressused IS NOT NULL")
                .setParameter(1, activityId).setParameter(2, ParticipationType.TO_RECIPIENT.mask())
                .setParameter(3, ParticipationType.CC_RECIPIENT.mask())
                .setParameter(4, ParticipationType.BCC_RECIPIENT.mask()).getResultList();
        return rows.stream().map(address -> key((String) address)).distinct().toList();
    }

    /** Sent to Failed, the row's version moved; false when the email was not Sent (still on its way, or moved on). */
    private boolean markFailed(UUID activityId) {
        return entityManager.createNativeQuery("UPDATE email SET statecode = ?1, statuscode = ?2, modifiedon = now(), "
                + "versionnumber = versionnumber + 1 WHERE activityid = ?3 AND statuscode = ?4")
                .setParameter(1, EmailStatus.FAILED.state().statecode())
                .setParameter(2, EmailStatus.FAILED.statuscode()).setParameter(3, activityId)
                .setParameter(4, EmailStatus.SENT.statuscode()).executeUpdate() == 1;
    }

    private static String key(String address) {
        return address == null ? "" : address.strip().toLowerCase(Locale.ROOT);
    }
}
