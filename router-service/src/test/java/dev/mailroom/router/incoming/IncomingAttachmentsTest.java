package dev.mailroom.router.incoming;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.localstack.identity.LocalIdentity;
import dev.mailroom.localstack.testing.TestIdentity;
import dev.mailroom.router.support.IncomingMail;
import dev.mailroom.router.support.PendingEvents;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The files of incoming mail, read over the local stack's real IMAP and POP3 servers, are stored in the real
 * attachment-service before the message is published, and the event lists them: every file, blocked types
 * included (activity-service applies the organization's lists), with the bytes downloadable as sent and one blob
 * reference held by the router. A file over the size limit is listed as not stored; attachment-service down leaves
 * the message for a later poll, which publishes it once, nothing lost.
 */
@QuarkusTest
class IncomingAttachmentsTest {

    @Inject
    IncomingMail mail;

    @ConfigProperty(name = "router.attachments.service-url")
    String attachmentService;

    @ConfigProperty(name = "router.incoming.max-attachment-size")
    long maxAttachmentSize;

    @Inject
    DataSource dataSource;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldStoreAnImapMessagesFilesAndListThem() throws Exception {
        storesEveryFile(mail.imapServer(), mail.imapPort());
    }

    @Test
    void shouldStoreAPop3MessagesFilesAndListThem() throws Exception {
        storesEveryFile(mail.pop3Server(), mail.pop3Port());
    }

    @Test
    void shouldListAFileOverTheLimitAsNotStored() throws Exception {
        UUID mailboxId = UUID.randomUUID();
        String address = "large-" + mailboxId + "@mailroom.test";
        byte[] small = randomBytes(10_000);
        byte[] large = randomBytes((int) maxAttachmentSize + 1);
        String messageId = deliver(address, "Large", new File("small.bin", "application/octet-stream", small),
                new File("huge.iso", "application/x-iso9660-image", large));
        mail.watch(mailboxId, address, mail.pop3Server(), mail.pop3Port());

        JsonNode event = awaitEvent(mailboxId, messageId);
        JsonNode files = event.get("attachments");
        assertEquals(2, files.size(), files.toString());
        assertArrayEquals(small, download(files.get(0).get("sha256").asText()));
        assertTrue(files.get(1).get("sha256").isNull(), files.toString());
        assertEquals("huge.iso", files.get(1).get("filename").asText());
        assertEquals(0, files.get(1).get("size").asLong());
    }

    @Test
    void shouldLeaveTheMessageForALaterPollWhileAttachmentServiceIsDown() throws Exception {
        UUID mailboxId = UUID.randomUUID();
        String address = "outage-" + mailboxId + "@mailroom.test";
        byte[] before = randomBytes(5_000);
        byte[] during = randomBytes(50_000);
        String first = deliver(address, "Before the outage", new File("first.pdf", "application/pdf", before));
        mail.watch(mailboxId, address, mail.imapServer(), mail.imapPort());
        awaitEvent(mailboxId, first);
        Long checkpoint = uid(mailboxId);

        ProcessHandle service = attachmentServiceProcess();
        String second;
        signal(service, "STOP");
        try {
            second = deliver(address, "During the outage", new File("second.pdf", "application/pdf", during));
            // The poll that meets the hung service fails after the upload timeout and says why; nothing published.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> lastError(mailboxId) != null && lastError(mailboxId).contains("second.pdf"));
            // The failed poll has ended (it recorded its error): anything it published would have left the outbox.
            assertEquals(List.of(), events(mailboxId, second, 0),
                    "nothing published while the file cannot be stored");
            assertEquals(checkpoint, uid(mailboxId), "the checkpoint stays before the message");
        } finally {
            signal(service, "CONT");
        }
        JsonNode event = awaitEvent(mailboxId, second);
        assertArrayEquals(during, download(event.get("attachments").get(0).get("sha256").asText()));
        // Several more polls (1 s apart in tests).
        assertEquals(1, events(mailboxId, second, 3).size(), "published once after the outage");
        assertEquals(1, events(mailboxId, first, 0).size());
        await().atMost(Duration.ofSeconds(30)).until(() -> lastError(mailboxId) == null);
    }

    private void storesEveryFile(String server, int port) throws Exception {
        UUID mailboxId = UUID.randomUUID();
        String address = "files-" + mailboxId + "@mailroom.test";
        byte[] report = randomBytes(700_000);
        byte[] program = randomBytes(20_000);
        byte[] logo = randomBytes(3_000);
        String messageId = deliver(address, "With files",
                new File("Quarterly report \u00e9t\u00e9.pdf", "application/pdf", report),
                new File("SETUP.EXE", "application/x-msdownload", program),
                new File(null, "image/png", logo));
        mail.watch(mailboxId, address, server, port);

        JsonNode event = awaitEvent(mailboxId, messageId);
        JsonNode files = event.get("attachments");
        assertEquals(3, files.size(), files.toString());
        assertFile(files.get(0), "Quarterly report \u00e9t\u00e9.pdf", "application/pdf", report);
        assertFile(files.get(1), "SETUP.EXE", "application/x-msdownload", program);
        assertFile(files.get(2), "attachment-3.png", "image/png", logo);
        assertEquals("logo-" + mailboxId + "@mailroom.test", files.get(2).get("contentId").asText());
        assertTrue(files.get(0).get("contentId").isNull());
        assertTrue(event.get("htmlBody").asText().contains("See the files"), event.get("htmlBody").asText());
        // The router holds one reference per file until activity-service takes it over or lets it go.
        for (JsonNode file : files) {
            assertEquals(2, reference(file.get("sha256").asText(), "POST"), "the router's hold and this one");
            assertEquals(1, reference(file.get("sha256").asText(), "DELETE"));
        }
        assertEquals(1, events(mailboxId, messageId, 3).size(), "published once, also after three more polls");
    }

    private void assertFile(JsonNode file, String filename, String mimeType, byte[] bytes) throws Exception {
        assertEquals(filename, file.get("filename").asText());
        assertEquals(mimeType, file.get("mimeType").asText());
        assertEquals(bytes.length, file.get("size").asLong());
        assertArrayEquals(bytes, download(file.get("sha256").asText()), filename + " byte for byte");
    }

    private JsonNode awaitEvent(UUID mailboxId, String messageId) throws Exception {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> !eventsSoFar(mailboxId, messageId).isEmpty());
        return PendingEvents.MAPPER.readTree(eventsSoFar(mailboxId, messageId).get(0).value());
    }

    /** The events for the message published up to now, for a wait that asks repeatedly (no quiet period). */
    private List<ConsumerRecord<String, String>> eventsSoFar(UUID mailboxId, String messageId) {
        return mail.publishedSoFar(mailboxId).stream().filter(r -> r.value().contains(messageId)).toList();
    }

    /** The events for the message, read once {@code polls} more polls of the mailbox have finished. */
    private List<ConsumerRecord<String, String>> events(UUID mailboxId, String messageId, int polls) {
        return mail.publishedAfterPolls(mailboxId, polls).stream().filter(r -> r.value().contains(messageId))
                .toList();
    }

    private String lastError(UUID mailboxId) throws Exception {
        return (String) column(mailboxId, "last_error");
    }

    private Long uid(UUID mailboxId) throws Exception {
        return (Long) column(mailboxId, "last_uid");
    }

    private Object column(UUID mailboxId, String column) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT " + column + " FROM incoming_poll WHERE mailbox_id = ?")) {
            statement.setObject(1, mailboxId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getObject(1) : null;
            }
        }
    }

    private byte[] download(String sha256) throws Exception {
        HttpResponse<byte[]> response = http.send(authorized("/blobs/" + sha256).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    private int reference(String sha256, String method) throws Exception {
        HttpResponse<String> response = http.send(authorized("/blobs/" + sha256 + "/references")
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return PendingEvents.MAPPER.readTree(response.body()).get("referenceCount").asInt();
    }

    private HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(URI.create(attachmentService + path))
                .header("Authorization", "Bearer " + TestIdentity.tokenFor(LocalIdentity.SERVICES_OBJECT_ID));
    }

    /**
     * The attachment-service this test run started (a child of this JVM, listening on the configured port); the
     * outage test pauses it with SIGSTOP, so calls to it hang as to a service that stopped answering.
     */
    private ProcessHandle attachmentServiceProcess() {
        String port = "QUARKUS_HTTP_PORT=" + URI.create(attachmentService).getPort();
        return ProcessHandle.current().descendants()
                .filter(process -> process.info().commandLine().orElse("").contains("attachment-service"))
                .filter(process -> environment(process).contains(port)).findFirst()
                .orElseThrow(() -> new AssertionError("attachment-service is not a child of this test run"));
    }

    private static List<String> environment(ProcessHandle process) {
        try {
            return List.of(new String(Files.readAllBytes(Path.of("/proc", String.valueOf(process.pid()), "environ")),
                    StandardCharsets.UTF_8).split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void signal(ProcessHandle process, String signal) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start()
                .waitFor());
    }

    /** A file to attach: a null name makes it an inline part without a name (an image referred to by Content-ID). */
    private record File(String name, String mimeType, byte[] bytes) {
    }

    /** Delivers a message with an HTML body and the files over SMTP to the local stack's server; its Message-ID. */
    private String deliver(String to, String subject, File... files) throws Exception {
        MimeMessage message = mail.message(to, subject);
        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart body = new MimeBodyPart();
        body.setContent("<p>See the files</p>", "text/html; charset=UTF-8");
        mixed.addBodyPart(body);
        for (File file : files) {
            MimeBodyPart part = new MimeBodyPart();
            part.setDataHandler(new jakarta.activation.DataHandler(new ByteArrayDataSource(file.bytes(),
                    file.mimeType())));
            if (file.name() != null) {
                part.setFileName(file.name());
                part.setDisposition(MimeBodyPart.ATTACHMENT);
            } else {
                part.setDisposition(MimeBodyPart.INLINE);
                part.setContentID("<logo-" + to.substring(to.indexOf('-') + 1, to.indexOf('@')) + "@mailroom.test>");
            }
            mixed.addBodyPart(part);
        }
        message.setContent(mixed);
        return mail.deliver(message);
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random().nextBytes(bytes);
        return bytes;
    }
}
