package dev.mailroom.endtoend.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.events.CloudEventHeaders;
import dev.mailroom.events.EmailPending;
import dev.mailroom.events.Topics;
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
        List<String> messageIds;
        try (RouterProcess first = RouterProcess.start(repositoryRoot, "router-a", addresses(), smtp.port(),
                settings)) {
            messageIds = publishPending(EMAILS);
            Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> smtp.acceptedTotal() >= 12);

            Duration exit = first.terminate(GRACE.plus(Duration.ofSeconds(30)));

            int accepted = smtp.acceptedTotal();
            assertTrue(accepted < EMAILS, "the router was stopped mid-batch, yet every email was already sent");
            assertTrue(exit.compareTo(GRACE) < 0, "took " + exit + " to stop");
            assertTrue(first.log().contains("every send in flight is recorded"), first.log());
            Map<String, Integer> ledger = ledgerStates();
            assertEquals(0, ledger.getOrDefault("CLAIMED", 0), "claims left behind: " + ledger);
            assertEquals(accepted, ledger.getOrDefault("SENT", 0), "every accepted message is recorded as sent");
            assertEquals(smtp.begun(), accepted, "every send that began was allowed to finish");
            assertTrue(ledger.getOrDefault("RETRY", 0) > 0, "no claim was handed back: " + ledger);
            assertStructuredLogs(first.log());
        }

        try (RouterProcess second = RouterProcess.start(repositoryRoot, "router-b", addresses(), smtp.port(),
                settings)) {
            Awaitility.await().atMost(Duration.ofSeconds(120))
                    .until(() -> ledgerStates().getOrDefault("SENT", 0) == EMAILS);
        }
        Map<String, Integer> copies = smtp.accepted();
        for (String messageId : messageIds) {
            assertEquals(1, copies.getOrDefault(messageId, 0), messageId);
        }
        assertEquals(EMAILS, smtp.acceptedTotal());
        assertEquals(EMAILS, count("SELECT count(*) FROM router.send_ledger WHERE attempts = 1"),
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

    private static List<String> publishPending(int count) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> messageIds = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", addresses().get(StackAddresses.KAFKA_BOOTSTRAP)),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                UUID activityId = UUID.randomUUID();
                Map<String, Object> event = new HashMap<>();
                event.put("eventId", UUID.randomUUID().toString());
                event.put("occurredAt", Instant.now().toString());
                event.put("activityId", activityId.toString());
                event.put("from", "sales@mailroom.test");
                event.put("to", List.of("customer-" + i + "@example.com"));
                event.put("cc", List.of());
                event.put("bcc", List.of());
                event.put("subject", "Shutdown " + i);
                event.put("htmlBody", "<p>" + i + "</p>");
                RecordHeaders headers = new RecordHeaders();
                headers.add(CloudEventHeaders.SPEC_VERSION, bytes(CloudEventHeaders.SPEC_VERSION_1_0));
                headers.add(CloudEventHeaders.ID, bytes(UUID.randomUUID().toString()));
                headers.add(CloudEventHeaders.TYPE, bytes(EmailPending.TYPE));
                headers.add(CloudEventHeaders.SOURCE, bytes("/tests"));
                headers.add(CloudEventHeaders.CONTENT_TYPE, bytes(CloudEventHeaders.JSON));
                producer.send(new ProducerRecord<>(Topics.EMAIL_PENDING, null, activityId.toString(),
                        json.writeValueAsString(event), headers));
                messageIds.add("<" + activityId + "@mailroom.local>");
            }
            producer.flush();
        }
        return messageIds;
    }

    private static Map<String, Integer> ledgerStates() throws SQLException {
        Map<String, Integer> states = new HashMap<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT state, count(*) FROM router.send_ledger GROUP BY state")) {
            while (rows.next()) {
                states.put(rows.getString(1), rows.getInt(2));
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return states; // the router has not created its schema yet
            }
            throw e;
        }
        return states;
    }

    private static int count(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(addresses().get(StackAddresses.JDBC_URL),
                addresses().get(StackAddresses.DB_USER), addresses().get(StackAddresses.DB_PASSWORD));
    }

    private static StackAddresses addresses() {
        return stack.addresses();
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
