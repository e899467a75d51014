package dev.mailroom.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

import jakarta.mail.Session;
import jakarta.mail.Transport;
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
 * A bounce end to end on the whole platform: a bulk email goes out over SMTP; the receiving side's delivery status
 * notification arrives in the sender's mailbox, where a router pulls it over IMAP; the email moves from Sent to
 * Failed, the report joins its conversation, and the next job to the same recipients skips the address.
 */
class BounceFlowTest {

    @RegisterExtension
    static final MailroomPlatform PLATFORM = new MailroomPlatform();

    private static final String ADMIN = "6d61696c-726f-4f6d-8000-000000000002";
    private static WebApiClient api;

    @BeforeAll
    static void connect() {
        api = new WebApiClient(PLATFORM.url(MailroomService.ACTIVITY), PLATFORM.administratorToken());
    }

    @Test
    void shouldFailTheBouncedEmailAndSkipItsAddressInTheNextJob() throws Exception {
        String tag = "B" + UUID.randomUUID().toString().substring(0, 8);
        String gone = tag.toLowerCase(Locale.ROOT) + "-gone@example.net";
        contact("Gone", tag, gone);
        contact("Stays", tag, tag.toLowerCase(Locale.ROOT) + "-stays@example.org");
        UUID regarding = contact("Campaign", tag + "-owner", null);
        UUID template = created(api.post("templates", """
                {"title": "Bounce %s", "templatetypecode": "contact", "subject": "News for {!contact:firstname;you}",
                 "body": "<p>Dear {!contact:firstname;Valued Customer},</p>"}
                """.formatted(tag)));
        String query = "contacts?$filter=lastname eq '" + tag + "'";
        String first = sendBulkMail(template, regarding, query);
        Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                .until(() -> api.json(api.get("asyncoperations(" + first + ")")).get("mailroom_sent").asInt() == 2);
        JsonNode email = api.json(api.get("emails?$select=activityid,messageid&$filter=" + encode(
                "_regardingobjectid_value eq " + regarding + " and torecipients eq '" + gone + "'")))
                .get("value").get(0);
        String bounced = email.get("activityid").asText();

        // The report is in the mailbox before the mailbox is set up, so the router's first poll of it finds it.
        String bounces = tag.toLowerCase(Locale.ROOT) + "-bounces@mailroom.test";
        deliver(bounces, deliveryReport(bounces, gone, email.get("messageid").asText(), tag));
        watch(bounces, tag);

        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> api.json(api.get("emails(" + bounced + ")")).get("statuscode").asInt() == 8);
        JsonNode report = api.json(api.get("emails?$select=statuscode,subject&$filter="
                + encode("_parentactivityid_value eq " + bounced))).get("value");
        assertEquals(1, report.size(), report.toString());
        assertEquals(4, report.get(0).get("statuscode").asInt(), "the report is a Received email: " + report);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> suppressed(gone));

        String second = sendBulkMail(template, regarding, query);
        JsonNode done = Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                .until(() -> api.json(api.get("asyncoperations(" + second + ")")),
                        job -> job.get("statuscode").asInt() == 30);
        assertEquals(1, done.get("mailroom_created").asInt(), done.toString());
        assertEquals(1, done.get("mailroom_skipped").asInt(), done.toString());
        StackAddresses stack = PLATFORM.addresses();
        List<MimeMessage> goneMail = new MailboxReader(stack.get(StackAddresses.MAIL_HOST))
                .messages("imap", stack.port(StackAddresses.IMAP_PORT), gone);
        assertEquals(1, goneMail.size(), "the first job's email only");
    }

    /** A Postfix-style bounce of {@code messageId}: the recipient unknown at the receiving server (5.1.1). */
    private static String deliveryReport(String to, String recipient, String messageId, String tag) {
        String boundary = "b-" + tag;
        return "From: MAILER-DAEMON@mx.example.net (Mail Delivery System)\r\n"
                + "To: " + to + "\r\n"
                + "Subject: Undelivered Mail Returned to Sender\r\n"
                + "Message-ID: <dsn-" + tag + "@mx.example.net>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status;\r\n"
                + " boundary=\"" + boundary + "\"\r\n\r\n"
                + "--" + boundary + "\r\nContent-Type: text/plain\r\n\r\n"
                + "I'm sorry to have to inform you that your message could not be delivered.\r\n\r\n"
                + "--" + boundary + "\r\nContent-Type: message/delivery-status\r\n\r\n"
                + "Reporting-MTA: dns; mx.example.net\r\n\r\n"
                + "Final-Recipient: rfc822; " + recipient + "\r\n"
                + "Action: failed\r\n"
                + "Status: 5.1.1\r\n"
                + "Diagnostic-Code: smtp; 550 5.1.1 <" + recipient + ">: Recipient address rejected:\r\n"
                + " User unknown\r\n"
                + "\r\n--" + boundary + "\r\nContent-Type: text/rfc822-headers\r\n\r\n"
                + "Message-ID: " + messageId + "\r\n"
                + "To: " + recipient + "\r\n"
                + "Subject: News\r\n\r\n"
                + "--" + boundary + "--\r\n";
    }

    /** Hands a raw message to the platform's mail server for {@code to}, as a remote server would. */
    private static void deliver(String to, String raw) throws Exception {
        StackAddresses stack = PLATFORM.addresses();
        Properties properties = new Properties();
        properties.put("mail.smtp.host", stack.get(StackAddresses.MAIL_HOST));
        properties.put("mail.smtp.port", String.valueOf(stack.port(StackAddresses.SMTP_PORT)));
        Session session = Session.getInstance(properties);
        MimeMessage message = new MimeMessage(session,
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII)));
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            transport.sendMessage(message, new InternetAddress[] {new InternetAddress(to)});
        }
    }

    /** A user's mailbox at {@code address} whose mail a router pulls over IMAP from the platform's mail server. */
    private static void watch(String address, String tag) throws Exception {
        StackAddresses stack = PLATFORM.addresses();
        UUID user = created(api.post("systemusers", """
                {"firstname": "Bounces", "lastname": "%s", "internalemailaddress": "%s"}
                """.formatted(tag, address)));
        UUID profile = created(api.post("emailserverprofiles", """
                {"name": "Bounces %s", "incomingserverlocation": "imap://%s", "incomingportnumber": %d,
                 "incomingusessl": false, "incomingusername": "%s", "incomingpassword": "any"}
                """.formatted(tag, stack.get(StackAddresses.MAIL_HOST), stack.port(StackAddresses.IMAP_PORT),
                address)));
        created(api.post("mailboxes", """
                {"name": "Bounces %s", "emailaddress": "%s", "incomingemaildeliverymethod": 2,
                 "regardingobjectid_systemuser@odata.bind": "/systemusers(%s)",
                 "emailserverprofile@odata.bind": "/emailserverprofiles(%s)"}
                """.formatted(tag, address, user, profile)));
    }

    private static String sendBulkMail(UUID template, UUID regarding, String query) throws Exception {
        HttpResponse<String> response = api.post("SendBulkMail", """
                {"Sender": {"@odata.type": "Microsoft.Dynamics.CRM.systemuser", "systemuserid": "%s"},
                 "TemplateId": "%s", "RegardingType": "contact", "RegardingId": "%s", "Query": "%s"}
                """.formatted(ADMIN, template, regarding, query));
        assertEquals(200, response.statusCode(), response.body());
        return api.json(response).get("AsyncOperationId").asText();
    }

    private static UUID contact(String firstname, String lastname, String email) throws Exception {
        return created(api.post("contacts", """
                {"firstname": "%s", "lastname": "%s", "emailaddress1": %s}
                """.formatted(firstname, lastname, email == null ? "null" : "\"" + email + "\"")));
    }

    private static UUID created(HttpResponse<String> response) {
        assertEquals(204, response.statusCode(), response.body());
        String entityId = response.headers().firstValue("OData-EntityId").orElseThrow();
        return UUID.fromString(entityId.substring(entityId.length() - 37, entityId.length() - 1));
    }

    /** Whether bulk-mail-service has the address among those it skips. */
    private static boolean suppressed(String address) throws SQLException {
        StackAddresses stack = PLATFORM.addresses();
        try (Connection db = DriverManager.getConnection(stack.get(StackAddresses.JDBC_URL),
                stack.get(StackAddresses.DB_USER), stack.get(StackAddresses.DB_PASSWORD));
                PreparedStatement select = db.prepareStatement(
                        "SELECT 1 FROM bulkmail.suppressed_address WHERE address = ?")) {
            select.setString(1, address);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
