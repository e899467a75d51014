package dev.mailroom.activity.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.mailroom.activity.EmailStatus;
import dev.mailroom.activity.repository.CreatedEmailWriter.Moved;

/** A bulk job's sent and failed counts on its asyncoperation, moved as its emails reach their outcome. */
@ApplicationScoped
public class BulkJobCounters {

    private final EntityManager entityManager;

    public BulkJobCounters(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Counts the emails that reached Sent or Failed now, per job (the statement that moved them said which). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void addOutcomes(List<Moved> moved) {
        Map<UUID, int[]> perJob = new LinkedHashMap<>();
        for (Moved row : moved) {
            if (row.job() != null && row.status().isDeliveryOutcome()) {
                perJob.computeIfAbsent(row.job(), job -> new int[2])[row.status() == EmailStatus.SENT ? 0 : 1]++;
            }
        }
        perJob.forEach((job, counts) -> add(job, counts[0], counts[1]));
    }

    private void add(UUID asyncOperationId, int sent, int failed) {
        if (asyncOperationId == null || sent + failed == 0) {
            return;
        }
        entityManager.createNativeQuery("UPDATE asyncoperation SET mailroom_sent = mailroom_sent + :sent, "
                + "mailroom_failed = mailroom_failed + :failed, modifiedon = now(), versionnumber = versionnumber + 1 "
                + "WHERE asyncoperationid = :id")
                .setParameter("sent", sent).setParameter("failed", failed).setParameter("id", asyncOperationId)
                .executeUpdate();
    }
}
