package dev.mailroom.eventing.outbox;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.mailroom.events.EmailStatusChanged;

/** The write-time size guard: a pure unit test, it fails before touching the database or the transaction. */
class OutboxWriterTest {

    private static final int DEFAULT_MAX_PAYLOAD_BYTES = 1_000;

    @Test
    void shouldRefuseAPayloadOverTheConfiguredMaximum() {
        OutboxWriter writer = writer();
        UUID activityId = UUID.randomUUID();
        EmailStatusChanged tooBig = new EmailStatusChanged(UUID.randomUUID(), Instant.now(), activityId, 8, "<m@x>", 1,
                "550 ".repeat(DEFAULT_MAX_PAYLOAD_BYTES / 4));

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> writer.append("email-status", activityId.toString(), EmailStatusChanged.TYPE,
                        activityId.toString(), tooBig));

        assertTrue(refused.getMessage().contains("mailroom.outbox.max-payload-bytes"), refused.getMessage());
    }

    /** JSON written by the caller is held to the same limit, before anything is written. */
    @Test
    void shouldRefuseAPayloadWrittenByTheCallerOverTheConfiguredMaximum() {
        OutboxWriter writer = writer();
        UUID activityId = UUID.randomUUID();
        EmailStatusChanged event = new EmailStatusChanged(UUID.randomUUID(), Instant.now(), activityId, 8, "<m@x>", 1,
                "550");

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> writer.copyAllJson("email-status", EmailStatusChanged.TYPE, List.of(event, event),
                        List.of(new byte[10], new byte[DEFAULT_MAX_PAYLOAD_BYTES + 1]),
                        e -> e.activityId().toString()));
        assertTrue(refused.getMessage().contains("mailroom.outbox.max-payload-bytes"), refused.getMessage());

        IllegalArgumentException unpaired = assertThrows(IllegalArgumentException.class,
                () -> writer.copyAllJson("email-status", EmailStatusChanged.TYPE, List.of(event, event),
                        List.of(new byte[10]), e -> e.activityId().toString()));
        assertTrue(unpaired.getMessage().contains("2 events but 1 payloads"), unpaired.getMessage());
    }

    /** No entity manager, data source, transaction registry or relay: the guard refuses before it needs them. */
    private static OutboxWriter writer() {
        return new OutboxWriter(null, null, new ObjectMapper().registerModule(new JavaTimeModule()), null, null,
                "eventing-tests", config(DEFAULT_MAX_PAYLOAD_BYTES));
    }

    private static OutboxConfig config(int maxPayloadBytes) {
        return new OutboxConfig() {
            @Override
            public int batchSize() {
                return 500;
            }

            @Override
            public int inFlightBatches() {
                return 4;
            }

            @Override
            public int batchesPerPass() {
                return 16;
            }

            @Override
            public Optional<List<String>> priorityTopics() {
                return Optional.empty();
            }

            @Override
            public Duration pollInterval() {
                return Duration.ofMillis(500);
            }

            @Override
            public Duration lookBack() {
                return Duration.ofMillis(500);
            }

            @Override
            public Duration fullScanInterval() {
                return Duration.ofSeconds(5);
            }

            @Override
            public Duration linger() {
                return Duration.ofMillis(15);
            }

            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public int maxPayloadBytes() {
                return maxPayloadBytes;
            }
        };
    }
}
