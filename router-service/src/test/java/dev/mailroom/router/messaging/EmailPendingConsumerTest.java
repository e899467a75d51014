package dev.mailroom.router.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
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
import io.quarkus.test.junit.QuarkusTest;

/** Pending email read from the real broker goes out over real SMTP once, and its status comes back on Kafka. */
@QuarkusTest
class EmailPendingConsumerTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "local-stack.mail.host")
    String mailHost;

    @ConfigProperty(name = "local-stack.mail.imap-port")
    int imapPort;

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
        awaitStatus(activityId, 7);

        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("mailroom_router_sends_total{outcome=\"sent\"}"))
                .body(containsString("mailroom_router_smtp_seconds_count"))
                .body(containsString("mailroom_outbox_published_total"));
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
        assertEquals(1, kafka().allRecords(Topics.EMAIL_STATUS, r -> activityId.toString().equals(r.key())
                && r.value().contains("\"statuscode\":3")).size());
    }

    @Test
    void shouldSkipMalformedEventAndKeepSending() throws Exception {
        kafka().publish(new ProducerRecord<>(Topics.EMAIL_PENDING, DEFAULT_FROM, "{broken"));
        UUID activityId = UUID.randomUUID();
        String to = "after-" + activityId + "@example.com";
        publish(UUID.randomUUID(), pending(activityId, List.of(to), List.of(), List.of()));
        awaitMessages(to, "<" + activityId + "@mailroom.local>", 1);
    }

    private static EmailPending pending(UUID activityId, List<String> to, List<String> cc, List<String> bcc) {
        return new EmailPending(UUID.randomUUID(), Instant.now(), activityId, DEFAULT_FROM, DEFAULT_FROM, to, cc, bcc,
                "Subject " + activityId, "<p>Hello " + activityId + "</p>", "CRM:0001001");
    }

    private void publish(UUID eventId, EmailPending event) throws Exception {
        kafka().publishCloudEvent(Topics.EMAIL_PENDING, event.senderMailbox(), eventId, EmailPending.TYPE,
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
