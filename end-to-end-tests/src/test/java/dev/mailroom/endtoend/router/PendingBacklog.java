package dev.mailroom.endtoend.router;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.util.GreenMail;

import dev.mailroom.events.CloudEventHeaders;
import dev.mailroom.events.EmailPending;
import dev.mailroom.events.Topics;
import dev.mailroom.localstack.StackAddresses;
import dev.mailroom.localstack.testing.KafkaTestClient;

/**
 * A backlog of pending emails published straight to {@code email-pending}, as activity-service's outbox would, and
 * what became of it: Message-IDs counted at an SMTP server, the router's ledger, the status events.
 */
final class PendingBacklog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StackAddresses stack;
    private final List<UUID> ids = new ArrayList<>();

    PendingBacklog(StackAddresses stack) {
        this.stack = stack;
    }

    /** Publishes {@code count} emails, each keyed by its activity id like activity-service keys them. */
    PendingBacklog publish(int count, String label) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", stack.get(StackAddresses.KAFKA_BOOTSTRAP), "linger.ms", "20"),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                UUID activityId = UUID.randomUUID();
                Map<String, Object> event = new HashMap<>();
                event.put("eventId", UUID.randomUUID().toString());
                event.put("occurredAt", Instant.now().toString());
                event.put("activityId", activityId.toString());
                event.put("from", label + "@mailroom.test");
                event.put("to", List.of(label + "-" + i + "@example.com"));
                event.put("cc", List.of());
                event.put("bcc", List.of());
                event.put("subject", label + " " + i);
                event.put("htmlBody", "<p>" + i + "</p>");
                RecordHeaders headers = new RecordHeaders();
                headers.add(CloudEventHeaders.SPEC_VERSION, bytes(CloudEventHeaders.SPEC_VERSION_1_0));
                headers.add(CloudEventHeaders.ID, bytes(UUID.randomUUID().toString()));
                headers.add(CloudEventHeaders.TYPE, bytes(EmailPending.TYPE));
                headers.add(CloudEventHeaders.SOURCE, bytes("/tests"));
                headers.add(CloudEventHeaders.CONTENT_TYPE, bytes(CloudEventHeaders.JSON));
                producer.send(new ProducerRecord<>(Topics.EMAIL_PENDING, null, activityId.toString(),
                        JSON.writeValueAsString(event), headers));
                ids.add(activityId);
            }
            producer.flush();
        }
        return this;
    }

    List<UUID> ids() {
        return List.copyOf(ids);
    }

    static String messageId(UUID activityId) {
        return "<" + activityId + "@mailroom.local>";
    }

    /** How many copies of each of this backlog's Message-IDs the server holds. */
    Map<String, Integer> copiesAt(GreenMail server) throws MessagingException {
        return copiesIn(server.getManagers());
    }

    /**
     * How many copies of each of this backlog's Message-IDs a server's store holds. A stopped {@link GreenMail} drops
     * its store ({@code stop()} starts a new one), so a test that stops a server keeps the store it had and counts it
     * after the stop: a message the server took between a count and the stop is counted too.
     */
    Map<String, Integer> copiesIn(Managers store) throws MessagingException {
        Set<String> ours = new java.util.HashSet<>(ids.stream().map(PendingBacklog::messageId).toList());
        Map<String, Integer> copies = new HashMap<>();
        for (StoredMessage stored : store.getImapHostManager().getAllMessages()) {
            MimeMessage message = stored.getMimeMessage();
            if (ours.contains(message.getMessageID())) {
                copies.merge(message.getMessageID(), 1, Integer::sum);
            }
        }
        return copies;
    }

    /** The last status code reported for each email of this backlog, read from {@code email-status}. */
    Map<UUID, Integer> lastStatus() {
        Set<String> ours = new java.util.HashSet<>(ids.stream().map(UUID::toString).toList());
        Map<UUID, Integer> last = new HashMap<>();
        new KafkaTestClient(stack.get(StackAddresses.KAFKA_BOOTSTRAP))
                .allRecords(Topics.EMAIL_STATUS, r -> ours.contains(r.key())).forEach(r -> {
                    try {
                        int code = JSON.readTree(r.value()).get("statuscode").asInt();
                        // Final codes win over a late Sending report of a retry's claim.
                        last.merge(UUID.fromString(r.key()), code, (was, now) -> now == 7 ? was : now);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
        return last;
    }

    /** Rows of the router's ledger for this backlog, grouped by {@code column}. */
    Map<String, Integer> ledgerBy(String column) throws SQLException {
        Map<String, Integer> groups = new HashMap<>();
        String in = String.join(",", ids.stream().map(id -> "'" + id + "'").toList());
        try (Connection connection = DriverManager.getConnection(stack.get(StackAddresses.JDBC_URL),
                stack.get(StackAddresses.DB_USER), stack.get(StackAddresses.DB_PASSWORD));
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT " + column + ", count(*) FROM router.send_ledger "
                        + "WHERE activity_id IN (" + in + ") GROUP BY 1")) {
            while (rows.next()) {
                groups.put(rows.getString(1), rows.getInt(2));
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return groups; // the router has not created its schema yet
            }
            throw e;
        }
        return groups;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
