package dev.mailroom.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.localstack.MailroomService;
import dev.mailroom.localstack.StackAddresses;
import dev.mailroom.localstack.testing.MailboxReader;

/**
 * The walking skeleton, end to end on real parts: a Web API client creates an email and sends it; the outbox, Kafka,
 * the router and SMTP deliver it; the status comes back; a mail client reads the message over IMAP and POP3.
 */
class EmailSendFlowTest {

    @RegisterExtension
    static final MailroomPlatform PLATFORM = new MailroomPlatform();

    private static final Pattern ENTITY_ID =
            Pattern.compile("^(http://.+/api/data/v9\\.2/)emails\\(([0-9a-f-]{36})\\)$");
    private static final String DEFAULT_SENDER = "orders@mailroom.test";

    private static WebApiClient api;

    @BeforeAll
    static void connect() {
        api = new WebApiClient(PLATFORM.url(MailroomService.ACTIVITY), PLATFORM.administratorToken());
    }

    @Test
    void shouldDeliverCreatedEmailAndReportItSent() throws Exception {
        String recipient = "customer-" + UUID.randomUUID() + "@example.com";
        HttpResponse<String> created = createEmail("Your order has shipped",
                "<p>Parcel <b>42</b> is on its way.</p>", recipient);
        assertEquals(204, created.statusCode(), created.body());
        String entityId = created.headers().firstValue("OData-EntityId").orElseThrow();
        Matcher matcher = ENTITY_ID.matcher(entityId);
        assertTrue(matcher.matches(), entityId);
        assertEquals(api.serviceRoot(), matcher.group(1));
        UUID id = UUID.fromString(matcher.group(2));

        JsonNode draft = api.json(api.get("emails(" + id + ")"));
        assertEquals(1, draft.get("statuscode").asInt());
        assertEquals(0, draft.get("statecode").asInt());

        HttpResponse<String> sent = api.post("emails(" + id + ")/Microsoft.Dynamics.CRM.SendEmail",
                "{\"IssueSend\": true}");
        assertEquals(200, sent.statusCode(), sent.body());
        // SendEmail appends the tracking token to the subject, as Dataverse does.
        String subject = api.json(sent).get("Subject").asText();
        assertTrue(subject.matches("Your order has shipped CRM:0\\d{4,}"), subject);
        int afterSend = api.json(api.get("emails(" + id + ")")).get("statuscode").asInt();
        assertTrue(afterSend == 6 || afterSend == 7 || afterSend == 3, "Pending Send or later, was " + afterSend);

        JsonNode delivered = Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> api.json(api.get("emails(" + id + ")")), email -> email.get("statuscode").asInt() == 3);
        String messageId = "<" + id + "@mailroom.local>";
        assertEquals(1, delivered.get("statecode").asInt());
        assertEquals(messageId, delivered.get("messageid").asText());
        assertEquals(1, delivered.get("deliveryattempts").asInt());
        assertTrue(delivered.hasNonNull("senton"));

        MimeMessage overImap = single(read("imap", recipient));
        assertEquals(messageId, overImap.getMessageID());
        assertEquals(subject, overImap.getSubject());
        assertEquals(DEFAULT_SENDER, ((InternetAddress) overImap.getFrom()[0]).getAddress());
        assertEquals(recipient, ((InternetAddress) overImap.getRecipients(Message.RecipientType.TO)[0]).getAddress());
        assertEquals(id.toString(), overImap.getHeader("X-Mailroom-Activity-Id")[0]);
        assertTrue(overImap.getContent().toString().contains("<p>Parcel <b>42</b> is on its way.</p>"));

        MimeMessage overPop3 = single(read("pop3", recipient));
        assertEquals(messageId, overPop3.getMessageID());
    }

    /**
     * The whole path for a subject the Web API accepts (CR, LF and the other control characters are refused there):
     * Unicode line and paragraph separators around header-shaped text reach SMTP as part of the subject, never as
     * headers of their own, and the address they name receives nothing.
     */
    @Test
    void shouldCarryUnicodeLineSeparatorsInASubjectWithoutInjectingHeaders() throws Exception {
        String recipient = "separators-" + UUID.randomUUID() + "@example.com";
        String victim = "victim-" + UUID.randomUUID() + "@example.com";
        String subject = "Invoice\u2028Bcc: " + victim + "\u2029X-Injected: yes";
        HttpResponse<String> created = createEmail(subject, "<p>Invoice attached.</p>", recipient);
        assertEquals(204, created.statusCode(), created.body());
        Matcher matcher = ENTITY_ID.matcher(created.headers().firstValue("OData-EntityId").orElseThrow());
        assertTrue(matcher.matches());
        UUID id = UUID.fromString(matcher.group(2));
        HttpResponse<String> sent = api.post("emails(" + id + ")/Microsoft.Dynamics.CRM.SendEmail",
                "{\"IssueSend\": true}");
        assertEquals(200, sent.statusCode(), sent.body());
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> api.json(api.get("emails(" + id + ")")).get("statuscode").asInt() == 3);

        MimeMessage delivered = single(read("imap", recipient));
        assertTrue(delivered.getSubject().contains("Bcc: " + victim), delivered.getSubject());
        assertNull(delivered.getHeader("X-Injected"));
        assertNull(delivered.getHeader("Bcc"));
        for (String line : Collections.list(delivered.getAllHeaderLines())) {
            assertFalse(line.startsWith("X-Injected") || line.startsWith("Bcc"), "injected header line: " + line);
        }
        assertEquals(1, delivered.getAllRecipients().length);
        assertEquals(recipient, ((InternetAddress) delivered.getAllRecipients()[0]).getAddress());
        assertTrue(read("imap", victim).isEmpty(), "the address in the subject received nothing");
    }

    @Test
    void shouldRunEveryServiceReady() throws Exception {
        for (MailroomService service : MailroomService.values()) {
            HttpResponse<String> ready = api.getAbsolute(PLATFORM.url(service) + "/q/health/ready");
            assertEquals(200, ready.statusCode(), service.folder() + ": " + ready.body());
        }
    }

    @Test
    void shouldAnswerBadInputWithDataverseErrorThroughThePlatform() throws Exception {
        HttpResponse<String> response = api.post("emails", "{\"subject\": ");
        assertEquals(400, response.statusCode());
        assertEquals("0x80048d19", api.json(response).get("error").get("code").asText());
    }

    /** A draft from the default sender to {@code recipient}. */
    private static HttpResponse<String> createEmail(String subject, String description, String recipient)
            throws Exception {
        return api.post("emails", """
                {"subject": "%s",
                 "description": "%s",
                 "email_activity_parties": [
                   {"participationtypemask": 1, "addressused": "%s"},
                   {"participationtypemask": 2, "addressused": "%s"}]}
                """.formatted(subject, description, DEFAULT_SENDER, recipient));
    }

    private static MimeMessage single(List<MimeMessage> messages) {
        assertEquals(1, messages.size(), "exactly one delivered message");
        return messages.get(0);
    }

    private static List<MimeMessage> read(String protocol, String address) throws Exception {
        StackAddresses stack = PLATFORM.addresses();
        int port = stack.port(protocol.equals("imap") ? StackAddresses.IMAP_PORT : StackAddresses.POP3_PORT);
        return new MailboxReader(stack.get(StackAddresses.MAIL_HOST)).messages(protocol, port, address);
    }
}
