package dev.mailroom.eventing.inbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * The idempotent consumer's memory. {@link #markProcessed} claims an event id inside the consumer's transaction: if
 * the effect rolls back, so does the claim, and a redelivery applies the event again.
 */
@ApplicationScoped
public class ProcessedEventLog {

    private final EntityManager entityManager;

    public ProcessedEventLog(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Records the event as applied.
     *
     * @return false when it was applied before, in which case the caller must do nothing
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean markProcessed(IncomingEvent<?> event) {
        // ON CONFLICT keeps a concurrent duplicate from failing the transaction: the loser just sees 0 rows.
        int inserted = entityManager.createNativeQuery(
                "INSERT INTO processed_event (event_id, event_type, processed_at) VALUES (:id, :type, now()) "
                        + "ON CONFLICT (event_id) DO NOTHING")
                .setParameter("id", event.id())
                .setParameter("type", event.type())
                .executeUpdate();
        return inserted == 1;
    }
}
