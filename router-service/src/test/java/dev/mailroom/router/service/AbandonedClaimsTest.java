package dev.mailroom.router.service;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.router.support.PendingEvents;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Claims left behind by routers that vanished (SIGKILL, a hang past the lease), as the ledger holds them: the
 * running router's poller takes them over and sends them with the same Message-ID, however many routers vanished
 * before, up to {@code router.max-takeovers}; a takeover is not the one resend an unknown outcome gets.
 */
@QuarkusTest
class AbandonedClaimsTest {

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void shouldSendAClaimAbandonedByTheRouterThatHadTakenItOver() throws Exception {
        // The first router vanished, a second took the claim over and resent it once, then vanished too.
        UUID activityId = abandoned(1, 1);

        JsonNode sent = PendingEvents.MAPPER.readTree(new PendingEvents(bootstrapServers)
                .awaitStatus(activityId, 3).value());
        assertEquals(PendingEvents.messageId(activityId), sent.get("messageId").asText());
        await().atMost(Duration.ofSeconds(60)).until(() -> "SENT".equals(column(activityId, "state")));
        assertEquals("2", column(activityId, "takeovers"));
        assertEquals("1", column(activityId, "unknown_resends"), "a takeover spends no unknown-outcome resend");
    }

    @Test
    void shouldFailAClaimAbandonedMoreOftenThanTheLimit() throws Exception {
        UUID activityId = abandoned(5, 0); // router.max-takeovers = 5 by default

        JsonNode failed = PendingEvents.MAPPER.readTree(new PendingEvents(bootstrapServers)
                .awaitStatus(activityId, 8).value());
        assertTrue(failed.get("failureReason").asText().contains("Every router that took this email over vanished"),
                failed.get("failureReason").asText());
        assertEquals("5", column(activityId, "takeovers"));
    }

    /** A claim whose lease has run out, as a router that vanished leaves it. */
    private UUID abandoned(int takeovers, int unknownResends) throws SQLException {
        UUID activityId = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO send_ledger (activity_id, "
                        + "state, epoch, claimed_by, lease_until, attempts, message_id, payload, unknown_resends, "
                        + "takeovers) VALUES (?, 'CLAIMED', ?, 'vanished', now() - interval '1 second', ?, ?, ?, ?, "
                        + "?)")) {
            insert.setObject(1, activityId);
            insert.setLong(2, takeovers + 1L);
            insert.setInt(3, takeovers + 1);
            insert.setString(4, PendingEvents.messageId(activityId));
            insert.setString(5, PendingEvents.json(PendingEvents.pending(activityId,
                    "abandoned-" + activityId + "@example.com")));
            insert.setInt(6, unknownResends);
            insert.setInt(7, takeovers);
            insert.executeUpdate();
        }
        return activityId;
    }

    private String column(UUID activityId, String column) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT " + column + "::text FROM send_ledger WHERE activity_id = ?")) {
            select.setObject(1, activityId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }
}
