package dev.mailroom.activity.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.UUID;

/** A bulk job's sent and failed counts on its asyncoperation, moved as its emails reach their outcome. */
@ApplicationScoped
public class BulkJobCounters {

    private final EntityManager entityManager;

    public BulkJobCounters(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void add(UUID asyncOperationId, int sent, int failed) {
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
