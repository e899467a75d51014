package dev.mailroom.eventing.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.mailroom.eventing.EventingSchema;
import dev.mailroom.eventing.LocalStackExtension;
import dev.mailroom.localstack.StackAddresses;

/** Pruning of the idempotent-consumer log on the real PostgreSQL. */
@ExtendWith(LocalStackExtension.class)
class ProcessedEventPrunerTest {

    private static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

    @Test
    void shouldForgetOnlyIdsOlderThanTheRetention(StackAddresses stack) {
        EventingSchema schema = new EventingSchema(stack, "prune_" + UUID.randomUUID().toString().substring(0, 8));
        UUID old = UUID.randomUUID();
        UUID older = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        Instant now = Instant.now();
        schema.insertProcessedEvent(old, now.minus(DEFAULT_RETENTION).minusSeconds(60));
        schema.insertProcessedEvent(older, now.minus(Duration.ofDays(30)));
        schema.insertProcessedEvent(recent, now.minus(DEFAULT_RETENTION).plus(Duration.ofHours(1)));
        ProcessedEventPruner pruner = new ProcessedEventPruner(schema.dataSource(), () -> DEFAULT_RETENTION);

        assertEquals(2, pruner.prune());

        assertEquals(0, schema.count("SELECT count(*) FROM processed_event WHERE event_id IN (?, ?)", old, older));
        assertEquals(1, schema.count("SELECT count(*) FROM processed_event WHERE event_id = ?", recent));
    }
}
