package dev.mailroom.router.support;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.mailroom.eventing.secrets.CredentialSeal;
import dev.mailroom.events.Topics;
import dev.mailroom.localstack.testing.KafkaTestClient;

/**
 * The local stack's mail server as the incoming-mail tests use it: mail delivered to it over SMTP from a customer,
 * a server-side mailbox the routers poll through its IMAP or POP3 server, and what they published for a mailbox on
 * {@code email-incoming}.
 */
@Singleton
public class IncomingMail {

    /** Who the delivered mail is from. */
    public static final String CUSTOMER = "customer@example.com";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "local-stack.mail.host")
    String host;

    @ConfigProperty(name = "local-stack.mail.smtp-port")
    int smtpPort;

    @ConfigProperty(name = "local-stack.mail.imap-port")
    int imapPort;

    @ConfigProperty(name = "local-stack.mail.pop3-port")
    int pop3Port;

    @Inject
    CredentialSeal seal;

    @Inject
    DataSource dataSource;

    public String imapServer() {
        return "imap://" + host;
    }

    public int imapPort() {
        return imapPort;
    }

    public String pop3Server() {
        return "pop3://" + host;
    }

    public int pop3Port() {
        return pop3Port;
    }

    public MailboxSettings settings() {
        return new MailboxSettings(bootstrapServers);
    }

    public KafkaTestClient kafka() {
        return new KafkaTestClient(bootstrapServers);
    }

    /**
     * Publishes an email server profile for {@code server} and {@code port} that logs in as {@code address}, with a
     * sealed password (the local stack's servers accept any; a real one would check it).
     */
    public void incomingProfile(UUID profileId, String server, int port, String address) {
        settings().incomingProfile(profileId, server, port, address, seal.seal("Mailbox-Secret-1"));
    }

    /** Publishes a server-side mailbox for {@code address}, polled through a profile of its own. */
    public void watch(UUID mailboxId, String address, String server, int port) {
        UUID profileId = UUID.randomUUID();
        incomingProfile(profileId, server, port, address);
        settings().incomingMailbox(mailboxId, address, profileId);
    }

    /** A message from the customer to {@code to}, for the caller to give its content and headers. */
    public MimeMessage message(String to, String subject) throws MessagingException {
        MimeMessage message = new MimeMessage(smtpSession());
        message.setFrom(new InternetAddress(CUSTOMER));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject);
        return message;
    }

    /** Delivers the message over SMTP to the local server; its Message-ID. */
    public String deliver(MimeMessage message) throws MessagingException {
        message.saveChanges();
        Transport.send(message);
        return message.getMessageID();
    }

    /** Hands bytes to the SMTP server exactly as given (no MIME re-encoding on the way). */
    public void deliverRaw(String to, String raw) throws MessagingException {
        Session session = smtpSession();
        MimeMessage message = new MimeMessage(session,
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII)));
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            transport.sendMessage(message, new InternetAddress[] {new InternetAddress(to)});
        }
    }

    /**
     * Every record on {@code email-incoming} whose payload names the mailbox, read once {@code polls} more polls of
     * the mailbox have finished and the router's outbox has handed every incoming-mail event to Kafka: whatever those
     * polls published, a second copy included, is on the topic then. It counts polls, where a read until the topic
     * was quiet for two seconds counted seconds (and took longer).
     */
    public List<ConsumerRecord<String, String>> publishedAfterPolls(UUID mailboxId, int polls) {
        awaitPolls(mailboxId, polls);
        awaitRelayed();
        return publishedSoFar(mailboxId);
    }

    /**
     * Waits until {@code polls} more polls of the mailbox have finished: each poll, also a failed one, ends by setting
     * the mailbox's next poll time, so each change of it is one poll done.
     */
    public void awaitPolls(UUID mailboxId, int polls) {
        for (int i = 0; i < polls; i++) {
            Object before = nextPollAt(mailboxId);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !Objects.equals(before, nextPollAt(mailboxId)));
        }
    }

    /** Waits until the router's outbox holds no incoming-mail event: every one committed so far is on the topic. */
    public void awaitRelayed() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> outboxed(Topics.EMAIL_INCOMING) == 0);
    }

    private Object nextPollAt(UUID mailboxId) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection
                .prepareStatement("SELECT next_poll_at FROM incoming_poll WHERE mailbox_id = ?")) {
            statement.setObject(1, mailboxId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getObject(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long outboxed(String topic) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection
                .prepareStatement("SELECT count(*) FROM outbox_event WHERE topic = ?")) {
            statement.setString(1, topic);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** What was published for the mailbox up to now, without waiting for more: for a wait that asks repeatedly. */
    public List<ConsumerRecord<String, String>> publishedSoFar(UUID mailboxId) {
        return kafka().recordsSoFar(Topics.EMAIL_INCOMING, r -> r.value().contains(mailboxId.toString()));
    }

    private Session smtpSession() {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", host);
        properties.put("mail.smtp.port", String.valueOf(smtpPort));
        return Session.getInstance(properties);
    }
}
