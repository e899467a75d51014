package dev.mailroom.router.mail;

import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;

import dev.mailroom.router.config.RouterConfig;

/**
 * Persistent SMTP connections to one server (the default relay or a server profile's), at most
 * {@code router.smtp.connections} of them. A connection carries
 * message after message (no new TCP and EHLO per email); one that failed is closed and replaced on demand.
 */
final class SmtpConnectionPool implements AutoCloseable {

    /**
     * A connection idle this long is checked (NOOP) before it carries a message: servers close idle connections
     * (Postfix after 5 minutes, some relays after seconds), and a message handed to a closed one would cost the email
     * a delivery attempt and a retry delay. A connection in steady use is never checked, so sending pays nothing.
     */
    static final java.time.Duration CHECK_AFTER_IDLE = java.time.Duration.ofSeconds(5);

    private final RouterConfig.Smtp smtp;
    private final SmtpServer server;
    private final Session session;
    private final Semaphore permits;
    private final BlockingQueue<PhaseAwareTransport> idle;
    private final long checkAfterIdleNanos;

    SmtpConnectionPool(RouterConfig.Smtp smtp, String heloName) {
        this(smtp, SmtpServer.of(smtp), heloName);
    }

    SmtpConnectionPool(RouterConfig.Smtp smtp, SmtpServer server, String heloName) {
        this(smtp, server, heloName, CHECK_AFTER_IDLE);
    }

    SmtpConnectionPool(RouterConfig.Smtp smtp, SmtpServer server, String heloName,
            java.time.Duration checkAfterIdle) {
        this.checkAfterIdleNanos = checkAfterIdle.toNanos();
        this.smtp = smtp;
        this.server = server;
        this.session = Session.getInstance(properties(smtp, server, heloName));
        this.permits = new Semaphore(smtp.connections(), true);
        this.idle = new ArrayBlockingQueue<>(smtp.connections());
    }

    private static Properties properties(RouterConfig.Smtp smtp, SmtpServer server, String heloName) {
        boolean implicitTls = server.tls() == RouterConfig.TlsMode.TLS;
        String prefix = implicitTls ? "mail.smtps." : "mail.smtp.";
        String timeout = String.valueOf(smtp.timeout().toMillis());
        Properties properties = new Properties();
        properties.put(prefix + "host", server.host());
        properties.put(prefix + "port", String.valueOf(server.port()));
        properties.put(prefix + "connectiontimeout", timeout);
        properties.put(prefix + "timeout", timeout);
        properties.put(prefix + "from", smtp.from());
        // Without it, EHLO looks up this host's name in DNS for every connection.
        properties.put(prefix + "localhost", heloName);
        properties.put(prefix + "auth", String.valueOf(server.username() != null));
        // The certificate must name the host we asked for, unless the host is trusted by name (a self-signed one).
        smtp.trust().ifPresent(hosts -> properties.put(prefix + "ssl.trust", hosts));
        properties.put(prefix + "ssl.checkserveridentity", String.valueOf(smtp.trust().isEmpty()));
        if (!implicitTls) {
            // STARTTLS upgrades this same socket, so the setting carries over.
            properties.put(prefix + "socketFactory", new NoDelaySocketFactory());
        }
        if (server.tls() == RouterConfig.TlsMode.STARTTLS) {
            properties.put(prefix + "starttls.enable", "true");
            properties.put(prefix + "starttls.required", "true");
        }
        return properties;
    }

    /**
     * Waits for a free slot, then hands out an open connection: an idle one that is still open, or a new one if none
     * is (an idle connection the server has closed meanwhile is dropped here, not found out by a message).
     */
    PhaseAwareTransport acquire() throws MessagingException, InterruptedException {
        permits.acquire();
        PhaseAwareTransport transport;
        while ((transport = idle.poll()) != null) {
            if (!transport.idleLongerThan(checkAfterIdleNanos) || transport.isConnected()) {
                return transport;
            }
            closeQuietly(transport);
        }
        try {
            boolean implicitTls = server.tls() == RouterConfig.TlsMode.TLS;
            transport = new PhaseAwareTransport(session, new URLName(implicitTls ? "smtps" : "smtp", server.host(),
                    server.port(), null, null, null), implicitTls, smtp.pipelining());
            transport.connect(server.host(), server.port(), server.username(), server.password());
            return transport;
        } catch (MessagingException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Takes a connection back; a broken or worn one is closed rather than reused. */
    void release(PhaseAwareTransport transport, boolean reusable) {
        transport.markIdle();
        if (reusable && transport.countMessage() < smtp.messagesPerConnection() && idle.offer(transport)) {
            permits.release();
            return;
        }
        closeQuietly(transport);
        permits.release();
    }

    @Override
    public void close() {
        PhaseAwareTransport transport;
        while ((transport = idle.poll()) != null) {
            closeQuietly(transport);
        }
    }

    private static void closeQuietly(PhaseAwareTransport transport) {
        try {
            transport.close();
        } catch (MessagingException | RuntimeException ignored) {
            // The connection is gone either way.
        }
    }
}
