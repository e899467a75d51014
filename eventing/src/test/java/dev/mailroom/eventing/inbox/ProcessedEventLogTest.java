package dev.mailroom.eventing.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionalException;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** The idempotent consumer's log in a running application, on the real PostgreSQL. */
@QuarkusTest
class ProcessedEventLogTest {

    @Inject
    ProcessedEventLog log;

    @Inject
    ProcessedEventPruner pruner;

    @Inject
    EntityManager entityManager;

    @Test
    void shouldApplyAnEventOnceAndRecogniseItsRepeat() {
        IncomingEvent<String> event = event(UUID.randomUUID());

        assertTrue(QuarkusTransaction.requiringNew().call(() -> log.markProcessed(event)));
        assertFalse(QuarkusTransaction.requiringNew().call(() -> log.markProcessed(event)));
    }

    @Test
    void shouldForgetTheClaimWhenTheConsumersTransactionRollsBack() {
        IncomingEvent<String> event = event(UUID.randomUUID());

        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            log.markProcessed(event);
            throw new IllegalStateException("the consumer's change failed");
        }));

        assertTrue(QuarkusTransaction.requiringNew().call(() -> log.markProcessed(event)), "redelivery applies it");
    }

    @Test
    void shouldRefuseToClaimOutsideTheConsumersTransaction() {
        assertThrows(TransactionalException.class, () -> log.markProcessed(event(UUID.randomUUID())));
    }

    @Test
    void shouldPruneWithTheConfiguredRetention() {
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            insert(old, Instant.now().minusSeconds(25 * 3600));
            insert(recent, Instant.now().minusSeconds(23 * 3600));
        });

        pruner.prune();

        assertEquals(1L, QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM processed_event WHERE event_id IN (:old, :recent)")
                .setParameter("old", old).setParameter("recent", recent).getSingleResult()).longValue()));
        assertFalse(QuarkusTransaction.requiringNew().call(() -> log.markProcessed(event(recent))), "1d retention");
    }

    private void insert(UUID eventId, Instant processedAt) {
        entityManager.createNativeQuery("INSERT INTO processed_event (event_id, event_type, processed_at) "
                + "VALUES (:id, 'dev.mailroom.test', :at)")
                .setParameter("id", eventId).setParameter("at", processedAt).executeUpdate();
    }

    private static IncomingEvent<String> event(UUID id) {
        return new IncomingEvent<>(id, "dev.mailroom.test", null, "{}");
    }
}
