package dev.mailroom.endtoend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
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
 * A template's files reach the recipients, on the whole platform: attached once to the template (stored by
 * attachment-service in the S3 server), carried by reference to every email made from it (SendEmailFromTemplate,
 * and the bulk fan-out of SendBulkMail), streamed by the router into the MIME message, read back over IMAP byte for
 * byte.
 */
class TemplateAttachmentsFlowTest {

    @RegisterExtension
    static final MailroomPlatform PLATFORM = new MailroomPlatform();

    private static final String ADMIN = "6d61696c-726f-4f6d-8000-000000000002";
    private static WebApiClient api;

    @BeforeAll
    static void connect() {
        api = new WebApiClient(PLATFORM.url(MailroomService.ACTIVITY), PLATFORM.administratorToken());
    }

    @Test
    void shouldSendTheTemplatesFileWithAnEmailMadeFromIt() throws Exception {
        String tag = tag();
        byte[] file = randomBytes(300_000);
        UUID template = template(tag);
        attach(template, "brochure.pdf", "application/pdf", file);
        String address = tag + "-ann@example.org";
        UUID contact = contact("Ann", tag, address);

        HttpResponse<String> sent = api.post("SendEmailFromTemplate", """
                {"TemplateId": "%s", "Regarding": {"@odata.type": "Microsoft.Dynamics.CRM.contact", "contactid": "%s"},
                 "Target": {"@odata.type": "Microsoft.Dynamics.CRM.email", "email_activity_parties": [
                   {"partyid_systemuser@odata.bind": "/systemusers(%s)", "participationtypemask": 1},
                   {"partyid_contact@odata.bind": "/contacts(%s)", "participationtypemask": 2}]}}
                """.formatted(template, contact, ADMIN, contact));
        assertEquals(200, sent.statusCode(), sent.body());
        String email = api.json(sent).get("activityid").asText();

        awaitSent(List.of(email));
        assertFile(single(address), "brochure.pdf", "application/pdf", file);
    }

    @Test
    void shouldSendTheTemplatesFileWithEveryEmailOfABulkJob() throws Exception {
        String tag = tag();
        byte[] file = randomBytes(120_000);
        UUID template = template(tag);
        attach(template, "invitation.pdf", "application/pdf", file);
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            addresses.add(tag + "-" + i + "@example.org");
            contact("Reader" + i, tag, addresses.get(i));
        }
        UUID regarding = contact("Campaign", "Owner", null);

        HttpResponse<String> requested = api.post("SendBulkMail", """
                {"Sender": {"@odata.type": "Microsoft.Dynamics.CRM.systemuser", "systemuserid": "%s"},
                 "TemplateId": "%s", "RegardingType": "contact", "RegardingId": "%s",
                 "Query": "contacts?$filter=lastname eq '%s'"}
                """.formatted(ADMIN, template, regarding, tag));
        assertEquals(200, requested.statusCode(), requested.body());

        List<String> emails = Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                .until(() -> emailIds(regarding), ids -> ids.size() == 3);
        awaitSent(emails);
        for (String email : emails) {
            JsonNode row = api.json(api.get("emails(" + email + ")?$select=attachmentcount"));
            assertEquals(1, row.get("attachmentcount").asInt(), row.toString());
            JsonNode files = api.json(api.get("activitymimeattachments?$select=filename,mimetype,filesize,body"
                    + "&$filter=" + encode("_objectid_value eq " + email))).get("value");
            assertEquals(1, files.size(), files.toString());
            assertEquals("invitation.pdf", files.get(0).get("filename").asText());
            assertEquals(120_000, files.get(0).get("filesize").asInt());
            assertArrayEquals(file, Base64.getDecoder().decode(files.get(0).get("body").asText()));
        }
        for (String address : addresses) {
            assertFile(single(address), "invitation.pdf", "application/pdf", file);
        }
    }

    private static void awaitSent(List<String> emails) {
        Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            for (String email : emails) {
                int status = api.json(api.get("emails(" + email + ")?$select=statuscode")).get("statuscode").asInt();
                if (status != 3) {
                    return false;
                }
            }
            return true;
        });
    }

    private static void assertFile(MimeMessage message, String filename, String mimeType, byte[] bytes)
            throws Exception {
        Multipart parts = (Multipart) message.getContent();
        BodyPart found = null;
        for (int i = 0; i < parts.getCount(); i++) {
            if (filename.equals(parts.getBodyPart(i).getFileName())) {
                found = parts.getBodyPart(i);
            }
        }
        assertNotNull(found, "the message carries " + filename);
        assertEquals(mimeType, found.getContentType().split(";")[0].trim().toLowerCase());
        try (InputStream in = found.getInputStream()) {
            assertArrayEquals(bytes, in.readAllBytes(), "the recipient gets the template's file byte for byte");
        }
    }

    private static MimeMessage single(String address) throws Exception {
        StackAddresses stack = PLATFORM.addresses();
        List<MimeMessage> messages = new MailboxReader(stack.get(StackAddresses.MAIL_HOST))
                .messages("imap", stack.port(StackAddresses.IMAP_PORT), address);
        assertEquals(1, messages.size(), "one message for " + address);
        return messages.get(0);
    }

    private static UUID template(String tag) throws Exception {
        return idOf(api.post("templates", """
                {"title": "Files %s", "templatetypecode": "contact", "subject": "Hello {!contact:firstname}",
                 "body": "<p>Please find the file attached.</p>"}""".formatted(tag)));
    }

    private static void attach(UUID template, String filename, String mimeType, byte[] bytes) throws Exception {
        idOf(api.post("activitymimeattachments", """
                {"objectid_template@odata.bind": "/templates(%s)", "objecttypecode": "template",
                 "subject": "Attached", "filename": "%s", "mimetype": "%s", "body": "%s"}
                """.formatted(template, filename, mimeType, Base64.getEncoder().encodeToString(bytes))));
    }

    private static UUID contact(String firstname, String lastname, String email) throws Exception {
        return idOf(api.post("contacts", """
                {"firstname": "%s", "lastname": "%s", "emailaddress1": %s}
                """.formatted(firstname, lastname, email == null ? "null" : "\"" + email + "\"")));
    }

    private static List<String> emailIds(UUID regarding) throws Exception {
        List<String> ids = new ArrayList<>();
        api.json(api.get("emails?$select=activityid&$filter=" + encode("_regardingobjectid_value eq " + regarding)))
                .get("value").forEach(email -> ids.add(email.get("activityid").asText()));
        return ids;
    }

    private static UUID idOf(HttpResponse<String> response) {
        assertEquals(204, response.statusCode(), response.body());
        String entityId = response.headers().firstValue("OData-EntityId").orElseThrow();
        return UUID.fromString(entityId.substring(entityId.length() - 37, entityId.length() - 1));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String tag() {
        return "t" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random().nextBytes(bytes);
        return bytes;
    }
}
