package dev.mailroom.router.messaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import jakarta.mail.Part;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.mailroom.events.EmailAttachment;
import dev.mailroom.events.EmailPending;
import dev.mailroom.localstack.identity.LocalIdentity;
import dev.mailroom.localstack.testing.MailboxReader;
import dev.mailroom.localstack.testing.TestIdentity;
import dev.mailroom.router.support.PendingEvents;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A pending email with attachments goes out over real SMTP with each file streamed from the real
 * attachment-service: the received message has one part per file, with its name, type, Base64 encoding and bytes.
 */
@QuarkusTest
class AttachmentSendTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "local-stack.mail.host")
    String mailHost;

    @ConfigProperty(name = "local-stack.mail.imap-port")
    int imapPort;

    @ConfigProperty(name = "router.attachments.service-url")
    String attachmentService;

    @Test
    void shouldAttachEveryFileStreamedFromStorage() throws Exception {
        byte[] pdf = randomBytes(3_000_000);
        byte[] text = "Quarterly figures\r\n".getBytes();
        EmailAttachment report = new EmailAttachment(upload(pdf, "application/pdf"), "report Q3.pdf",
                "application/pdf", pdf.length);
        EmailAttachment notes = new EmailAttachment(upload(text, "text/plain"), "notes-\u00e9t\u00e9.txt",
                "text/plain", text.length);
        UUID activityId = UUID.randomUUID();
        String to = "files-" + activityId + "@example.com";
        EmailPending event = new EmailPending(UUID.randomUUID(), Instant.now(), activityId,
                PendingEvents.DEFAULT_FROM, PendingEvents.DEFAULT_FROM, List.of(to), List.of(), List.of(),
                "Files " + activityId, "<p>See attached</p>", null, List.of(report, notes));
        PendingEvents events = new PendingEvents(bootstrapServers);
        events.publish(event);

        MimeMessage message = awaitMessage(to, "<" + activityId + "@mailroom.local>");
        assertTrue(message.getContentType().startsWith("multipart/mixed"), message.getContentType());
        MimeMultipart parts = (MimeMultipart) message.getContent();
        assertEquals(3, parts.getCount());
        assertTrue(parts.getBodyPart(0).getContentType().startsWith("text/html"));
        assertTrue(parts.getBodyPart(0).getContent().toString().contains("See attached"));
        assertFile((MimeBodyPart) parts.getBodyPart(1), "report Q3.pdf", "application/pdf", pdf);
        assertFile((MimeBodyPart) parts.getBodyPart(2), "notes-\u00e9t\u00e9.txt", "text/plain", text);
        events.awaitStatus(activityId, 3);
    }

    private static void assertFile(MimeBodyPart part, String filename, String mimeType, byte[] bytes)
            throws Exception {
        assertEquals(Part.ATTACHMENT, part.getDisposition());
        assertEquals(filename, part.getFileName());
        assertTrue(part.getContentType().startsWith(mimeType), part.getContentType());
        assertEquals("base64", part.getEncoding());
        try (InputStream in = part.getInputStream()) {
            assertArrayEquals(bytes, in.readAllBytes());
        }
    }

    private MimeMessage awaitMessage(String to, String messageId) {
        MailboxReader reader = new MailboxReader(mailHost);
        return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> reader.withMessageId("imap", imapPort, to, messageId), found -> found.size() == 1)
                .get(0);
    }

    /** Stores the bytes in attachment-service as activity-service would, answering their SHA-256. */
    private String upload(byte[] bytes, String mimeType) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(attachmentService + "/blobs")).header("Content-Type", mimeType)
                .header("Authorization", "Bearer " + TestIdentity.tokenFor(LocalIdentity.SERVICES_OBJECT_ID))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() == 201 || response.statusCode() == 200, response.body());
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertTrue(response.body().contains(sha256));
        return sha256;
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random().nextBytes(bytes);
        return bytes;
    }
}
