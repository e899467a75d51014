package dev.mailroom.router.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import jakarta.inject.Inject;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.mailroom.events.CloudEventHeaders;
import dev.mailroom.events.EmailPending;
import dev.mailroom.events.EmailStatusChanged;
import dev.mailroom.events.Topics;
import dev.mailroom.localstack.testing.KafkaTestClient;
import dev.mailroom.localstack.testing.MailboxReader;
import dev.mailroom.router.support.PendingEvents;
import io.quarkus.test.junit.QuarkusTest;

/** Pending email read from the real broker goes out over real SMTP once, and its status comes back on Kafka. */
@QuarkusTest
class EmailPendingConsumerTest {

    /** The counter's sample in the Prometheus text of /q/metrics. */
    private static final Pattern REPORTS_AGAIN =
            Pattern.compile("(?m)^mailroom_router_reports_again_total(?:\\{[^}]*\\})? (\\S+)");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "local-stack.mail.host")
    String mailHost;

    @ConfigProperty(name = "local-stack.mail.imap-port")
    int imapPort;

    @ConfigProperty(name = "local-stack.mail.pop3-port")
    int pop3Port;

    private static final String DEFAULT_FROM = "sales@mailroom.test";

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void shouldSendPendingEmailWithDerivedMessageIdAndReportSent() throws Exception {
        UUID activityId = UUID.randomUUID();
        String to = "to-" + activityId + "@example.com";
        String cc = "cc-" + activityId + "@example.com";
        String bcc = "bcc-" + activityId + "@example.com";
        publish(UUID.randomUUID(), pending(activityId, List.of(to), List.of(cc), List.of(bcc)));

        String messageId = "<" + activityId + "@mailroom.local>";
        MimeMessage message = awaitMessages(to, messageId, 1).get(0);
        assertEquals("Subject " + activityId, message.getSubject());
        assertEquals(DEFAULT_FROM, ((InternetAddress) message.getFrom()[0]).getAddress());
        InternetAddress ccAddress = (InternetAddress) message.getRecipients(jakarta.mail.Message.RecipientType.CC)[0];
        assertEquals(cc, ccAddress.getAddress());
        assertNull(message.getHeader("Bcc"), "Bcc recipients must not be visible to others");
        assertEquals(activityId.toString(), message.getHeader("X-Mailroom-Activity-Id")[0]);
        assertTrue(message.getContentType().startsWith("text/html"), message.getContentType());
        assertTrue(message.getContent().toString().contains("<p>Hello " + activityId + "</p>"));
        awaitMessages(cc, messageId, 1);
        awaitMessages(bcc, messageId, 1);

        ConsumerRecord<String, String> sent = awaitStatus(activityId, 3);
        assertEquals(activityId.toString(), sent.key());
        assertEquals(EmailStatusChanged.TYPE, KafkaTestClient.header(sent, CloudEventHeaders.TYPE));
        assertEquals("/router-service", KafkaTestClient.header(sent, CloudEventHeaders.SOURCE));
        JsonNode payload = mapper.readTree(sent.value());
        assertEquals(messageId, payload.get("messageId").asText());
        assertEquals(1, payload.get("deliveryAttempts").asInt());
        // Sent within its batch: one report, no Sending before it (reports of one email share a partition, in order).
        assertEquals(0, new PendingEvents(bootstrapServers).countStatus(activityId, 7), "a Sending report");

        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("mailroom_router_sends_total{outcome=\"sent\"}"))
                .body(containsString("mailroom_router_smtp_seconds_count"))
                .body(containsString("mailroom_outbox_published_total"));
    }

    @Test
    void shouldCarryUtf8SubjectsAndLongLinedBodiesIntactOverSmtp() throws Exception {
        String longLined = "<p>" + "Grüße = x ".repeat(300) + "</p> \r\n.dot\r\n..two\r\n.\r\n<p>end</p>\t";
        String cjk = "<p>你好，世界</p>\r\n".repeat(30);
        for (String html : List.of(longLined, cjk)) {
            UUID activityId = UUID.randomUUID();
            String to = "utf8-" + activityId + "@example.com";
            EmailPending plain = pending(activityId, List.of(to), List.of(), List.of());
            publish(UUID.randomUUID(), new EmailPending(plain.eventId(), plain.occurredAt(), activityId,
                    plain.senderMailbox(), plain.from(), plain.to(), plain.cc(), plain.bcc(),
                    "Grüße — 你好 " + activityId, html, plain.trackingToken()));

            MimeMessage message = awaitMessages(to, "<" + activityId + "@mailroom.local>", 1).get(0);
            assertEquals("Grüße — 你好 " + activityId, message.getSubject());
            assertEquals(html, message.getContent().toString());
            assertEquals(html.equals(cjk) ? "base64" : "quoted-printable", message.getEncoding());
            String raw = new String(message.getRawInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            for (String line : raw.split("\r?\n")) {
                assertTrue(line.length() <= 76, "an encoded line of " + line.length() + " characters");
            }
        }
    }

    @Test
    void shouldNeverSendTheSameEmailTwice() throws Exception {
        UUID activityId = UUID.randomUUID();
        String to = "once-" + activityId + "@example.com";
        UUID eventId = UUID.randomUUID();
        EmailPending event = pending(activityId, List.of(to), List.of(), List.of());
        publish(eventId, event);
        String messageId = "<" + activityId + "@mailroom.local>";
        awaitMessages(to, messageId, 1);
        awaitStatus(activityId, 3);

        // Redelivered as is, and issued again under a new event id: both must be recognised as done.
        publish(eventId, event);
        publish(UUID.randomUUID(), event);
        UUID markerId = UUID.randomUUID();
        String marker = "marker-" + markerId + "@example.com";
        publish(UUID.randomUUID(), new EmailPending(UUID.randomUUID(), Instant.now(), markerId, DEFAULT_FROM,
                DEFAULT_FROM, List.of(marker), List.of(), List.of(), "marker", "<p>m</p>", null));
        awaitMessages(marker, "<" + markerId + "@mailroom.local>", 1);

        assertEquals(1, inbox(to, messageId).size());
        // Each record that came again had its report published again from the ledger (the last router may have died
        // before the broker had it), always as the same event: one id, which consumers skip as a repeat.
        List<ConsumerRecord<String, String>> reports = Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> sentReports(activityId), found -> found.size() >= 2);
        assertEquals(1, reports.stream().map(r -> KafkaTestClient.header(r, CloudEventHeaders.ID)).distinct().count(),
                "every Sent report of the email is the same event");
        assertEquals(1, reports.stream().map(ConsumerRecord::value).distinct().count(), "with the same payload");
    }

    @Test
    void shouldReportAnEmailTheLedgerFinishedWhenItsPendingRecordComesAgainWithoutSendingIt() throws Exception {
        UUID activityId = UUID.randomUUID();
        String to = "finished-" + activityId + "@example.com";
        String messageId = "<" + activityId + "@mailroom.local>";
        // What a router leaves behind when it dies after recording the outcome and before the broker had the report:
        // the ledger says Sent, no report is on Kafka, and the pending record was never committed.
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO send_ledger (activity_id, state, "
                        + "epoch, claimed_by, lease_until, attempts, message_id, finished_at, outcome_at) "
                        + "VALUES (?, 'SENT', 2, 'a-router-that-died', now(), 1, ?, now(), now())")) {
            insert.setObject(1, activityId);
            insert.setString(2, messageId);
            insert.executeUpdate();
        }
        assertTrue(sentReports(activityId).isEmpty());
        double reportedAgain = reportsAgain();

        publish(UUID.randomUUID(), pending(activityId, List.of(to), List.of(), List.of()));

        JsonNode report = mapper.readTree(awaitStatus(activityId, 3).value());
        assertEquals(messageId, report.get("messageId").asText());
        assertEquals(1, report.get("deliveryAttempts").asInt());
        UUID markerId = UUID.randomUUID();
        String marker = "marker-" + markerId + "@example.com";
        publish(UUID.randomUUID(), pending(markerId, List.of(marker), List.of(), List.of()));
        awaitMessages(marker, "<" + markerId + "@mailroom.local>", 1);
        assertTrue(inbox(to, messageId).isEmpty(), "a finished email is never sent again");
        assertTrue(reportsAgain() >= reportedAgain + 1, "counted as a report published again");
    }

    private static double reportsAgain() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher value = REPORTS_AGAIN.matcher(metrics);
        return value.find() ? Double.parseDouble(value.group(1)) : 0;
    }

    private List<ConsumerRecord<String, String>> sentReports(UUID activityId) {
        return kafka().allRecords(Topics.EMAIL_STATUS, r -> activityId.toString().equals(r.key())
                && r.value().contains("\"statuscode\":3"));
    }

    @Test
    void shouldDeadLetterRecordsItCannotActOnAndKeepSending() throws Exception {
        UUID otherTypeId = UUID.randomUUID();
        String otherTypeTo = "other-type-" + otherTypeId + "@example.com";
        // JSON that binds to EmailPending, under another type: it must not be sent.
        String bindable = mapper.writeValueAsString(pending(otherTypeId, List.of(otherTypeTo), List.of(), List.of()));
        kafka().publishCloudEvent(Topics.EMAIL_PENDING, otherTypeId.toString(), UUID.randomUUID(),
                "dev.mailroom.email.created", bindable);
        kafka().publish(new ProducerRecord<>(Topics.EMAIL_PENDING, "broken-" + otherTypeId, "{broken"));
        RecordHeaders oldSpec = new RecordHeaders();
        oldSpec.add(CloudEventHeaders.SPEC_VERSION, "0.3".getBytes(StandardCharsets.UTF_8));
        oldSpec.add(CloudEventHeaders.TYPE, EmailPending.TYPE.getBytes(StandardCharsets.UTF_8));
        oldSpec.add(CloudEventHeaders.ID, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        kafka().publish(new ProducerRecord<>(Topics.EMAIL_PENDING, null, "spec-" + otherTypeId, bindable, oldSpec));
        UUID activityId = UUID.randomUUID();
        String to = "after-" + activityId + "@example.com";
        publish(UUID.randomUUID(), pending(activityId, List.of(to), List.of(), List.of()));

        awaitMessages(to, "<" + activityId + "@mailroom.local>", 1);
        assertReason(awaitDeadLetter(otherTypeId.toString()), "ce_type is dev.mailroom.email.created");
        assertReason(awaitDeadLetter("broken-" + otherTypeId), "ce_specversion is null");
        ConsumerRecord<String, String> spec = awaitDeadLetter("spec-" + otherTypeId);
        assertReason(spec, "ce_specversion is 0.3");
        assertEquals(bindable, spec.value(), "the record is kept as it was");
        assertTrue(KafkaTestClient.header(spec, "dlq-original-topic-partition-offset").startsWith("email-pending-"));
        assertEquals(0, inbox(otherTypeTo, "<" + otherTypeId + "@mailroom.local>").size());
    }

    @Test
    void shouldNeverLetHeaderValuesBecomeHeaderLines() throws Exception {
        UUID activityId = UUID.randomUUID();
        String to = "inject-" + activityId + "@example.com";
        String evil = "evil-" + activityId + "@example.com";
        EmailPending event = new EmailPending(UUID.randomUUID(), Instant.now(), activityId, DEFAULT_FROM,
                DEFAULT_FROM, List.of(to), List.of(), List.of(), "Hello\r\nBcc: " + evil + "\r\nX-Injected: yes",
                "<p>b</p>", "CRM:1\r\nReply-To: " + evil + "\nX-Injected: token");
        publish(UUID.randomUUID(), event);

        String messageId = "<" + activityId + "@mailroom.local>";
        MimeMessage message = awaitMessages(to, messageId, 1).get(0);
        for (String protocol : List.of("imap", "pop3")) {
            MimeMessage received = protocol.equals("imap") ? message
                    : new MailboxReader(mailHost).withMessageId("pop3", pop3Port, to, messageId).get(0);
            assertNull(received.getHeader("X-Injected"), protocol);
            assertNull(received.getHeader("Reply-To"), protocol);
            assertNull(received.getHeader("Bcc"), protocol);
            assertEquals("Hello Bcc: " + evil + " X-Injected: yes", received.getSubject(), protocol);
            assertEquals("CRM:1 Reply-To: " + evil + " X-Injected: token",
                    received.getHeader("X-Mailroom-Tracking-Token")[0], protocol);
        }
        assertEquals(0, new MailboxReader(mailHost).messages("imap", imapPort, evil).size());
    }

    @Test
    void shouldFailAnEmailWhoseAddressCarriesALineBreak() throws Exception {
        UUID activityId = UUID.randomUUID();
        String evil = "evil-" + activityId + "@example.com";
        publish(UUID.randomUUID(), pending(activityId, List.of("a@example.com\r\nBcc: " + evil), List.of(),
                List.of()));

        JsonNode failed = mapper.readTree(awaitStatus(activityId, 8).value());
        assertTrue(failed.get("failureReason").asText().contains("line break"), failed.toString());
        assertEquals(0, new MailboxReader(mailHost).messages("imap", imapPort, evil).size());
    }

    private ConsumerRecord<String, String> awaitDeadLetter(String key) {
        return kafka().awaitRecord(Topics.EMAIL_PENDING_DLQ, r -> key.equals(r.key()), Duration.ofSeconds(30));
    }

    private static void assertReason(ConsumerRecord<String, String> record, String expected) {
        String reason = KafkaTestClient.header(record, "dlq-reason");
        assertTrue(reason != null && reason.contains(expected), reason);
    }

    private static EmailPending pending(UUID activityId, List<String> to, List<String> cc, List<String> bcc) {
        return new EmailPending(UUID.randomUUID(), Instant.now(), activityId, DEFAULT_FROM, DEFAULT_FROM, to, cc, bcc,
                "Subject " + activityId, "<p>Hello " + activityId + "</p>", "CRM:0001001");
    }

    private void publish(UUID eventId, EmailPending event) throws Exception {
        kafka().publishCloudEvent(Topics.EMAIL_PENDING, event.activityId().toString(), eventId, EmailPending.TYPE,
                mapper.writeValueAsString(event));
    }

    private List<MimeMessage> awaitMessages(String address, String messageId, int count) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> inbox(address, messageId), found -> found.size() == count);
    }

    private ConsumerRecord<String, String> awaitStatus(UUID activityId, int statuscode) {
        return kafka().awaitRecord(Topics.EMAIL_STATUS, r -> activityId.toString().equals(r.key())
                && r.value().contains("\"statuscode\":" + statuscode), Duration.ofSeconds(30));
    }

    private KafkaTestClient kafka() {
        return new KafkaTestClient(bootstrapServers);
    }

    private List<MimeMessage> inbox(String address, String messageId) throws Exception {
        return new MailboxReader(mailHost).withMessageId("imap", imapPort, address, messageId);
    }
}
