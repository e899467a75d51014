package dev.mailroom.endtoend.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.localstack.Component;
import dev.mailroom.localstack.LocalStackLauncher;
import dev.mailroom.localstack.StackAddresses;

/**
 * A router stopped with SIGTERM in the middle of a batch, against a slow SMTP server, on the real stack (Kafka,
 * PostgreSQL, the packaged router): the sends it had begun finish and are recorded, those it had not begun are handed
 * back at once, and a second router delivers the rest. Every email reaches the server exactly once.
 */
class RouterGracefulShutdownTest {

    private static final int EMAILS = 120;
    private static final long SMTP_REPLY_DELAY_MS = 400;
    private static final Duration GRACE = Duration.ofSeconds(30);

    private static LocalStackLauncher.RunningStack stack;
    private static SlowSmtpServer smtp;
    private static Path repositoryRoot;

    @BeforeAll
    static void startStack() throws Exception {
        repositoryRoot = Path.of(System.getProperty("mailroom.repository.root", "..")).toAbsolutePath().normalize();
        stack = LocalStackLauncher.start(Path.of("target", "scratch", "router-shutdown").toAbsolutePath(),
                EnumSet.of(Component.KAFKA, Component.POSTGRES), null);
        smtp = new SlowSmtpServer(SMTP_REPLY_DELAY_MS);
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (smtp != null) {
            smtp.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldFinishOrHandBackInFlightSendsOnSigtermAndNeverLoseOrDoubleAnEmail() throws Exception {
        Map<String, String> settings = Map.of("ROUTER_SMTP_CONNECTIONS", "4",
                "ROUTER_SHUTDOWN_GRACE", GRACE.toSeconds() + "s");
        PendingBacklog backlog = new PendingBacklog(addresses());
        try (RouterProcess first = RouterProcess.start(repositoryRoot, "router-a", addresses(), smtp.port(),
                settings)) {
            backlog.publish(EMAILS, "shutdown");
            Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> smtp.acceptedTotal() >= 12);

            Duration exit = first.terminate(GRACE.plus(Duration.ofSeconds(30)));

            int accepted = smtp.acceptedTotal();
            assertTrue(accepted < EMAILS, "the router was stopped mid-batch, yet every email was already sent");
            assertTrue(exit.compareTo(GRACE) < 0, "took " + exit + " to stop");
            assertTrue(first.log().contains("every send in flight is recorded"), first.log());
            Map<String, Integer> ledger = backlog.ledgerBy("state");
            assertEquals(0, ledger.getOrDefault("CLAIMED", 0), "claims left behind: " + ledger);
            assertEquals(accepted, ledger.getOrDefault("SENT", 0), "every accepted message is recorded as sent");
            assertEquals(smtp.begun(), accepted, "every send that began was allowed to finish");
            assertTrue(ledger.getOrDefault("RETRY", 0) > 0, "no claim was handed back: " + ledger);
            assertStructuredLogs(first.log());
        }

        try (RouterProcess second = RouterProcess.start(repositoryRoot, "router-b", addresses(), smtp.port(),
                settings)) {
            Awaitility.await().atMost(Duration.ofSeconds(120))
                    .until(() -> backlog.ledgerBy("state").getOrDefault("SENT", 0) == EMAILS);
        }
        Map<String, Integer> copies = smtp.accepted();
        for (UUID activityId : backlog.ids()) {
            String messageId = PendingBacklog.messageId(activityId);
            assertEquals(1, copies.getOrDefault(messageId, 0), messageId);
        }
        assertEquals(EMAILS, smtp.acceptedTotal());
        assertEquals(EMAILS, backlog.ledgerBy("attempts").getOrDefault("1", 0),
                "a handed-back email counts one SMTP attempt, not two");
    }

    /** The packaged service logs one JSON object per line (prod profile), and never a message body. */
    private static void assertStructuredLogs(String log) throws Exception {
        ObjectMapper json = new ObjectMapper();
        int lines = 0;
        for (String line : log.split("\n")) {
            if (line.isBlank() || !line.startsWith("{")) {
                continue; // the JVM's own output before logging starts
            }
            JsonNode entry = json.readTree(line);
            assertTrue(entry.hasNonNull("message") && entry.hasNonNull("level"), line);
            assertTrue(!line.contains("<p>"), "a message body in the log: " + line);
            lines++;
        }
        assertTrue(lines > 10, "JSON log lines: " + lines);
    }

    private static StackAddresses addresses() {
        return stack.addresses();
    }
}
