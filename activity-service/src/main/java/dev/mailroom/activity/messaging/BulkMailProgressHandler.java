package dev.mailroom.activity.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.mailroom.eventing.inbox.IncomingEvent;
import dev.mailroom.eventing.inbox.ProcessedEventLog;
import dev.mailroom.events.BulkMailProgress;

/**
 * Moves a bulk job's asyncoperation along with bulk-mail-service's reports: In Progress (20) with counts, then
 * Succeeded (30), Failed (31) or Canceled (32). A report older than the last one applied (by sequence) changes
 * nothing; a job the client is canceling (22) stays Canceling until it ends.
 */
@ApplicationScoped
public class BulkMailProgressHandler {

    private final ProcessedEventLog processedEvents;
    private final EntityManager entityManager;

    public BulkMailProgressHandler(ProcessedEventLog processedEvents, EntityManager entityManager) {
        this.processedEvents = processedEvents;
        this.entityManager = entityManager;
    }

    @Transactional
    public void handle(IncomingEvent<BulkMailProgress> event) {
        if (!processedEvents.markProcessed(event)) {
            return;
        }
        BulkMailProgress progress = event.payload();
        boolean ended = progress.statuscode() >= 30;
        entityManager.createNativeQuery("UPDATE asyncoperation SET "
                + "statuscode = CASE WHEN :ended OR statuscode <> 22 THEN :status ELSE statuscode END, "
                + "statecode = CASE WHEN :ended THEN 3 ELSE 2 END, "
                + "mailroom_total = :total, mailroom_created = :created, mailroom_skipped = :skipped, "
                + "friendlymessage = :message, message = :message, progresssequence = :sequence, "
                + "startedon = COALESCE(startedon, :at), "
                + "completedon = CASE WHEN :ended THEN :at ELSE completedon END, "
                + "modifiedon = now(), versionnumber = versionnumber + 1 "
                + "WHERE asyncoperationid = :id AND progresssequence < :sequence AND statecode <> 3")
                .setParameter("ended", ended)
                .setParameter("status", progress.statuscode())
                .setParameter("total", progress.total())
                .setParameter("created", progress.created())
                .setParameter("skipped", progress.skipped())
                .setParameter("message", progress.message())
                .setParameter("sequence", progress.sequence())
                .setParameter("at", progress.occurredAt())
                .setParameter("id", progress.asyncOperationId())
                .executeUpdate();
    }
}
