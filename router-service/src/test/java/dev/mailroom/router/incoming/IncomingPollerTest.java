package dev.mailroom.router.incoming;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.events.CloudEventHeaders;
import dev.mailroom.events.IncomingEmailReceived;
import dev.mailroom.events.Topics;
import dev.mailroom.localstack.testing.KafkaTestClient;
import dev.mailroom.router.support.IncomingMail;
import dev.mailroom.router.support.MailboxSettings;
import dev.mailroom.router.support.PendingEvents;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Routers poll the local stack's real IMAP and POP3 servers and publish each delivered message exactly once, also
 * when the router holding a mailbox dies and another takes its lease over (the state is the database's, so that is
 * what a restart looks like to the mailbox).
 */
@QuarkusTest
class IncomingPollerTest {

    @Inject
    IncomingMail mail;

    @Inject
    DataSource dataSource;

    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void shouldPublishEachImapMessageOnceAcrossARouterTakeover() throws Exception {
        pollOnceAcrossATakeover(mail.imapServer(), mail.imapPort());
    }

    @Test
    void shouldPublishEachPop3MessageOnceAcrossARouterTakeover() throws Exception {
        pollOnceAcrossATakeover(mail.pop3Server(), mail.pop3Port());
    }

    @Test
    void shouldDeadLetterAMalformedMessageAndCarryOnPolling() throws Exception {
        UUID mailboxId = UUID.randomUUID();
        String address = "malformed-" + mailboxId + "@mailroom.test";
        double counted = meters.counter("mailroom.router.incoming.dead.letters").count();
        // multipart/mixed without a boundary and without any boundary line: its MIME cannot be parsed.
        mail.deliverRaw(address, "From: customer@example.com\r\nTo: " + address + "\r\nSubject: Broken " + mailboxId
                + "\r\nMessage-ID: <broken-" + mailboxId + "@example.com>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed\r\n\r\nno parts here\r\n");
        String good = deliver(address, "After the broken one", null);
        mail.watch(mailboxId, address, mail.pop3Server(), mail.pop3Port());

        assertEquals(Map.of(good, 1), awaitPublished(mailboxId, 1), "the readable message is delivered");
        KafkaTestClient kafka = mail.kafka();
        await().atMost(Duration.ofSeconds(60)).until(() -> !kafka.recordsSoFar(Topics.EMAIL_INCOMING_DLQ,
                r -> mailboxId.toString().equals(r.key())).isEmpty());
        // Several more polls (1 s apart in tests): the checkpoint moved past the broken message, so it is not
        // dead-lettered again and nothing else is published. A poll sends its dead letters before it ends.
        mail.awaitPolls(mailboxId, 4);
        List<ConsumerRecord<String, String>> dead = kafka.recordsSoFar(Topics.EMAIL_INCOMING_DLQ,
                r -> mailboxId.toString().equals(r.key()));
        assertEquals(1, dead.size(), "one dead letter for the one broken message");
        ConsumerRecord<String, String> record = dead.get(0);
        assertEquals(mailboxId.toString(), record.key());
        assertTrue(record.value().contains("Subject: Broken " + mailboxId), "the raw message is kept");
        String reason = KafkaTestClient.header(record, IncomingDeadLetters.REASON);
        assertTrue(reason.contains("boundary"), reason);
        assertEquals(mailboxId.toString(), KafkaTestClient.header(record, IncomingDeadLetters.MAILBOX));
        assertTrue(!KafkaTestClient.header(record, IncomingDeadLetters.SERVER_KEY).isBlank());
        assertEquals(Map.of(good, 1), publishedCounts(mailboxId, 0));
        assertEquals(counted + 1, meters.counter("mailroom.router.incoming.dead.letters").count(), 0.0);
    }

    @Test
    void shouldPublishABounceOnceWithWhatItReports() throws Exception {
        UUID mailboxId = UUID.randomUUID();
        String address = "bounces-" + mailboxId + "@mailroom.test";
        String bounceId = "<bounce-" + mailboxId + "@mx.example.org>";
        String originalId = "<sent-" + mailboxId + "@mailroom.test>";
        mail.deliverRaw(address, DeliveryReportsTest.report("delivery-status",
                DeliveryReportsTest.PER_MESSAGE + DeliveryReportsTest.POSTFIX_RECIPIENT,
                DeliveryReportsTest.RETURNED_MESSAGE).replace("<bounce-1@mx.example.org>", bounceId)
                .replace(DeliveryReportsTest.DEFAULT_ORIGINAL_ID, originalId));
        mail.watch(mailboxId, address, mail.imapServer(), mail.imapPort());

        assertEquals(Map.of(bounceId, 1), awaitPublished(mailboxId, 1));
        JsonNode event = PendingEvents.MAPPER.readTree(mail.publishedSoFar(mailboxId).get(0).value());
        JsonNode report = event.get("deliveryReport");
        assertEquals(originalId, report.get("originalMessageId").asText());
        assertEquals(1, report.get("recipients").size());
        JsonNode recipient = report.get("recipients").get(0);
        assertEquals("nobody@example.net", recipient.get("address").asText());
        assertEquals("failed", recipient.get("action").asText());
        assertEquals("5.1.1", recipient.get("status").asText());
        assertEquals(DeliveryReportsTest.DEFAULT_DIAGNOSTIC, recipient.get("diagnosticCode").asText());
        assertTrue(event.get("htmlBody").asText().contains("could not be delivered"), event.get("htmlBody").asText());
        // The report's other parts are files, named so that they open: the status as text, the returned message.
        List<String> files = new java.util.ArrayList<>();
        event.get("attachments").forEach(file -> files.add(file.get("filename").asText()));
        assertEquals(List.of("attachment-1.txt", "attachment-2.eml"), files);
    }

    @Test
    void shouldCreateNoMailForAnUnapprovedMailboxWhileTheOrganizationRequiresApproval() throws Exception {
        UUID organization = UUID.randomUUID();
        UUID queue = UUID.randomUUID();
        UUID mailboxId = UUID.randomUUID();
        UUID profileId = UUID.randomUUID();
        String address = "unapproved-queue-" + mailboxId + "@mailroom.test";
        List<String> blocked = List.of(deliver(address, "Blocked 1", null), deliver(address, "Blocked 2", null));
        MailboxSettings settings = mail.settings();
        settings.approvalRequired(organization, false, true);
        try {
            settings.owner(queue, "queue", address, 2);
            // Settings travel on several partitions: the mailbox goes out only once its owner and the
            // organization's rule are in the projections, so the first poll already sees the block.
            await().atMost(Duration.ofSeconds(60)).until(() -> projected(queue, organization, 2));
            mail.incomingProfile(profileId, mail.imapServer(), mail.imapPort(), address);
            settings.incomingMailbox(mailboxId, address, profileId, queue, "queue", 2);
            // The poller reads the mailbox (the checkpoint moves past both messages) and publishes nothing.
            await().atMost(Duration.ofSeconds(60)).until(() -> imapCheckpoint(mailboxId) >= 2);
            assertEquals(Map.of(), publishedCounts(mailboxId, 1), "no email for mail of an unapproved mailbox");

            // Approved: mail arriving from now on is created; what came while blocked stays uncreated.
            settings.owner(queue, "queue", address, 1);
            await().atMost(Duration.ofSeconds(60)).until(() -> projected(queue, organization, 1));
            String welcome = deliver(address, "After approval", null);
            assertEquals(Map.of(welcome, 1), awaitPublished(mailboxId, 1));
            Map<String, Integer> later = publishedCounts(mailboxId, 1);
            assertTrue(blocked.stream().noneMatch(later::containsKey), later.toString());
        } finally {
            settings.approvalRequired(organization, false, false);
        }
    }

    private boolean projected(UUID owner, UUID organization, int approval) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM mailbox_owner o, "
                        + "approval_settings s WHERE o.owner_id = ? AND o.approval = ? AND s.organization_id = ? "
                        + "AND s.require_queue_approval")) {
            statement.setObject(1, owner);
            statement.setInt(2, approval);
            statement.setObject(3, organization);
            try (var rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    private long imapCheckpoint(UUID mailboxId) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT coalesce(last_uid, 0) FROM incoming_poll WHERE mailbox_id = ?")) {
            statement.setObject(1, mailboxId);
            try (var rows = statement.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }

    private void pollOnceAcrossATakeover(String server, int port) throws Exception {
        UUID mailboxId = UUID.randomUUID();
        String address = "incoming-" + mailboxId + "@mailroom.test";
        List<String> messageIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            messageIds.add(deliver(address, "First " + i, i == 0 ? null : messageIds.get(0)));
        }
        mail.watch(mailboxId, address, server, port);

        Map<String, Integer> published = awaitPublished(mailboxId, 3);
        assertEquals(messageIds.stream().collect(Collectors.toMap(Function.identity(), id -> 1)), published);

        // The router holding the mailbox dies mid-lease: the next one waits the lease out and carries on from the
        // checkpoint, with two more messages delivered meanwhile.
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("UPDATE incoming_poll SET held_by = "
                        + "'router-killed', lease_until = now() + interval '2 seconds', next_poll_at = NULL "
                        + "WHERE mailbox_id = ?")) {
            statement.setObject(1, mailboxId);
            assertEquals(1, statement.executeUpdate());
        }
        for (int i = 0; i < 2; i++) {
            messageIds.add(deliver(address, "Second " + i, null));
        }
        awaitDistinct(mailboxId, 5);
        published = publishedCounts(mailboxId, 3);
        assertEquals(messageIds.stream().collect(Collectors.toMap(Function.identity(), id -> 1)), published,
                "every message once, none twice");

        ConsumerRecord<String, String> reply = mail.kafka().recordsSoFar(
                Topics.EMAIL_INCOMING, r -> r.value().contains(messageIds.get(1))).get(0);
        JsonNode event = PendingEvents.MAPPER.readTree(reply.value());
        UUID activityId = IncomingMessages.activityId(mailboxId, messageIds.get(1));
        assertEquals(activityId.toString(), reply.key());
        assertEquals(activityId.toString(), event.get("activityId").asText());
        assertEquals(IncomingEmailReceived.TYPE, KafkaTestClient.header(reply, CloudEventHeaders.TYPE));
        assertEquals(messageIds.get(0), event.get("inReplyTo").asText());
        assertEquals(messageIds.get(0), event.get("references").get(0).asText());
        assertEquals("customer@example.com", event.get("from").asText());
        assertEquals(address, event.get("to").get(0).asText());
        assertEquals("First 1", event.get("subject").asText());
        assertTrue(event.path("deliveryReport").isNull() || event.path("deliveryReport").isMissingNode());
        assertTrue(event.get("htmlBody").asText().contains("Hello &lt;there&gt;<br>"), event.get("htmlBody").asText());
    }

    /** Waits for {@code count} distinct messages, then counts what was published by the end of the next poll. */
    private Map<String, Integer> awaitPublished(UUID mailboxId, int count) throws Exception {
        awaitDistinct(mailboxId, count);
        return publishedCounts(mailboxId, 1);
    }

    /** Waits until {@code count} distinct messages were published for the mailbox, asking without a quiet period. */
    private void awaitDistinct(UUID mailboxId, int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> counts(mail.publishedSoFar(mailboxId)).size() >= count);
    }

    /** The copies published of each message, read once {@code polls} more polls have finished. */
    private Map<String, Integer> publishedCounts(UUID mailboxId, int polls) throws Exception {
        return counts(mail.publishedAfterPolls(mailboxId, polls));
    }

    private static Map<String, Integer> counts(List<ConsumerRecord<String, String>> records) throws Exception {
        Map<String, Integer> counts = new java.util.HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            counts.merge(PendingEvents.MAPPER.readTree(record.value()).get("messageId").asText(), 1, Integer::sum);
        }
        return counts;
    }

    /** Delivers a text message over SMTP to the local stack's server; returns its Message-ID. */
    private String deliver(String to, String subject, String inReplyTo) throws Exception {
        MimeMessage message = mail.message(to, subject);
        message.setText("Hello <there>\nsecond line", "UTF-8");
        if (inReplyTo != null) {
            message.setHeader("In-Reply-To", inReplyTo);
            message.setHeader("References", inReplyTo);
        }
        return mail.deliver(message);
    }
}
