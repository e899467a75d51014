package dev.mailroom.router.repository;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import dev.mailroom.router.SendLedgerEntry;
import dev.mailroom.router.SendState;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The send ledger. */
@ApplicationScoped
public class SendLedgerRepository implements PanacheRepositoryBase<SendLedgerEntry, UUID> {

    /**
     * Returns the entry locked for this transaction, creating an unclaimed one first if the email is new. The insert
     * ignores a conflict, so two routers racing on a new email both end up locking the same single row.
     */
    public SendLedgerEntry lockOrCreate(UUID activityId, String messageId) {
        getEntityManager().createNativeQuery("INSERT INTO send_ledger (activity_id, state, epoch, claimed_by, "
                + "lease_until, attempts, message_id) VALUES (:id, 'CLAIMED', 0, '', 'epoch', 0, :messageId) "
                + "ON CONFLICT (activity_id) DO NOTHING")
                .setParameter("id", activityId)
                .setParameter("messageId", messageId)
                .executeUpdate();
        return findByIdOptional(activityId, LockModeType.PESSIMISTIC_WRITE).orElseThrow();
    }

    public Optional<SendLedgerEntry> findEntry(UUID activityId) {
        return findByIdOptional(activityId);
    }

    /**
     * Finishes a send only if the claim is still the caller's: a router whose lease expired and was taken over
     * presents an old epoch and changes nothing.
     *
     * @return whether the caller's claim was still current
     */
    public boolean finishIfEpochHolds(UUID activityId, long epoch, SendState outcome, Instant at, String error) {
        return getEntityManager().createQuery("UPDATE SendLedgerEntry SET state = :outcome, finishedAt = :at, "
                + "lastError = :error WHERE activityId = :id AND epoch = :epoch AND state = :claimed")
                .setParameter("outcome", outcome)
                .setParameter("at", at)
                .setParameter("error", error)
                .setParameter("id", activityId)
                .setParameter("epoch", epoch)
                .setParameter("claimed", SendState.CLAIMED)
                .executeUpdate() == 1;
    }
}
