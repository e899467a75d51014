package dev.mailroom.router.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.helper.BasicMessageListener;
import org.subethamail.smtp.server.SMTPServer;

import dev.mailroom.events.EmailPending;
import dev.mailroom.router.support.MailboxSettings;
import dev.mailroom.router.support.PendingEvents;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Mail delivered over each TLS mode to a real SMTP server (SubEthaSMTP) with a certificate of its own, made by
 * {@code keytool} for 127.0.0.1 when the test starts: STARTTLS on a submission-style port (the server refuses mail
 * before STARTTLS, so a delivery proves the upgrade happened), and implicit TLS (SMTPS). The router trusts the
 * certificate through {@code router.smtp.trust=127.0.0.1} (test profile), the setting a private relay with a
 * self-signed certificate uses. Both go through server profiles, which share the connection pools, TLS settings and
 * send path of the default relay.
 */
@QuarkusTest
class TlsServerProfilesTest {

    private static SSLContext serverTls;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    MailboxDirectory directory;

    @BeforeAll
    static void makeCertificate() throws Exception {
        Path keystore = Path.of("target", "tls-test", "smtp-server-" + UUID.randomUUID() + ".p12");
        Files.createDirectories(keystore.getParent());
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "smtp", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0,
                new String(keytool.getInputStream().readAllBytes()));
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keys.getKeyManagers(), null, null);
    }

    @Test
    void shouldDeliverOverStartTlsToAServerThatRequiresIt() throws Exception {
        List<MimeMessage> received = new CopyOnWriteArrayList<>();
        SMTPServer server = SMTPServer.port(0).bindAddress(InetAddress.getLoopbackAddress())
                .hostName("127.0.0.1").messageHandler(collectInto(received))
                .enableTLS().requireTLS().startTlsSocketFactory(serverTls).build();
        server.start();
        try {
            // Not port 465 and usessl on: the profile requires STARTTLS.
            UUID activityId = sendThroughProfile("127.0.0.1", server.getPortAllocated());
            assertDeliveredOnce(received, activityId);
        } finally {
            server.stop();
        }
    }

    @Test
    void shouldDeliverOverImplicitTls() throws Exception {
        List<MimeMessage> received = new CopyOnWriteArrayList<>();
        SMTPServer server = SMTPServer.port(0).bindAddress(InetAddress.getLoopbackAddress())
                .hostName("127.0.0.1").messageHandler(collectInto(received))
                .serverSocketFactory(serverTls).build();
        server.start();
        try {
            UUID activityId = sendThroughProfile("smtps://127.0.0.1", server.getPortAllocated());
            assertDeliveredOnce(received, activityId);
        } finally {
            server.stop();
        }
    }

    private UUID sendThroughProfile(String location, int port) throws Exception {
        MailboxSettings settings = new MailboxSettings(bootstrapServers);
        UUID profile = UUID.randomUUID();
        String address = "tls-" + profile + "@mailroom.test";
        settings.outgoingProfile(profile, location, port, true, null, null);
        settings.mailbox(UUID.randomUUID(), address, null, null, profile);
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> directory.lookup(Set.of(address)).get(address) != null
                        && directory.lookup(Set.of(address)).get(address).profile() != null);

        UUID activityId = UUID.randomUUID();
        PendingEvents events = new PendingEvents(bootstrapServers);
        events.publish(new EmailPending(UUID.randomUUID(), Instant.now(), activityId, address, address,
                List.of("tls-" + activityId + "@example.com"), List.of(), List.of(), "Über TLS", "<p>secure</p>",
                null));
        events.awaitStatus(activityId, 3);
        return activityId;
    }

    private static void assertDeliveredOnce(List<MimeMessage> received, UUID activityId) throws Exception {
        long copies = 0;
        for (MimeMessage message : received) {
            if (PendingEvents.messageId(activityId).equals(message.getMessageID())) {
                copies++;
                assertEquals("Über TLS", message.getSubject());
            }
        }
        assertEquals(1, copies, "one copy over TLS");
    }

    private static BasicMessageListener collectInto(List<MimeMessage> received) {
        Session session = Session.getInstance(new Properties());
        return (context, from, to, data) -> {
            try {
                received.add(new MimeMessage(session, new ByteArrayInputStream(data)));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        };
    }
}
