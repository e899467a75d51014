package dev.mailroom.router.service;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.mailroom.router.mail.ScriptedSmtpServer;
import dev.mailroom.router.support.PendingEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The in-doubt window on the real stack, at its strictest ({@code router.max-unrecorded-sends=1}, eight
 * connections): while the outcome of an accepted email cannot be recorded, no other email gets its final dot out,
 * however many connections are free; once it is recorded, the next one goes, each exactly once.
 */
@QuarkusTest
@TestProfile(InDoubtWindowTest.OneAtATime.class)
class InDoubtWindowTest {

    private static final ScriptedSmtpServer SMTP = start();

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void shouldHoldEveryOtherFinalDotWhileAnAcceptedEmailIsNotRecorded() throws Exception {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        PendingEvents events = new PendingEvents(bootstrapServers);
        try (Connection blocker = dataSource.getConnection()) {
            // The statement that records outcomes also writes the reports that go through the outbox, so it takes the
            // outbox's lock even when it writes none: with the outbox locked, no outcome can be recorded, as when the
            // database is slow or away.
            blocker.setAutoCommit(false);
            try (Statement lock = blocker.createStatement()) {
                lock.execute("LOCK TABLE outbox_event IN EXCLUSIVE MODE");
            }
            events.publish(PendingEvents.pending(first, "ok-" + first + "@example.com"));
            events.publish(PendingEvents.pending(second, "ok-" + second + "@example.com"));

            await().atMost(Duration.ofSeconds(60)).until(() -> delivered(first) + delivered(second) >= 1);
            await().atMost(Duration.ofSeconds(60)).until(() -> claimed(first, second).size() == 2);
            Thread.sleep(2_000); // time enough for a second dot, were it allowed
            assertEquals(1, delivered(first) + delivered(second),
                    "with one email accepted and not recorded, the other one's final dot waits");
            assertEquals(Set.of(first, second), Set.copyOf(claimed(first, second)),
                    "both are claimed and in flight, neither outcome is recorded yet");
            given().when().get("/q/metrics").then()
                    .body(containsString("mailroom_router_unrecorded_sends 1.0"))
                    .body(containsString("mailroom_router_unrecorded_sends_limit 1.0"));
            blocker.rollback();
        }

        events.awaitStatus(first, 3);
        events.awaitStatus(second, 3);
        assertEquals(1, delivered(first), "once each");
        assertEquals(1, delivered(second), "once each");
        assertEquals(1, events.countStatus(second, 3));
    }

    private static int delivered(UUID activityId) {
        return SMTP.deliveredCount(PendingEvents.messageId(activityId));
    }

    /** Which of these emails the ledger holds as claimed (being sent, or sent with no outcome recorded). */
    private List<UUID> claimed(UUID... activityIds) throws SQLException {
        List<UUID> claimed = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT activity_id FROM send_ledger "
                        + "WHERE activity_id = ANY(?) AND state = 'CLAIMED'")) {
            select.setArray(1, connection.createArrayOf("uuid", activityIds));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    claimed.add(rows.getObject(1, UUID.class));
                }
            }
        }
        return claimed;
    }

    private static ScriptedSmtpServer start() {
        try {
            return new ScriptedSmtpServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A window of one, eight connections, SMTP to the scripted server. */
    public static class OneAtATime implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("router.smtp.port", String.valueOf(SMTP.port()), "router.max-unrecorded-sends", "1",
                    "router.smtp.connections", "8");
        }
    }
}
