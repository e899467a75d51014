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

    private static final long CHECK_AFTER_IDLE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

    private final RouterConfig.Smtp smtp;
    private final SmtpServer server;
    private final Session session;
    private final Semaphore permits;
    private final BlockingQueue<PhaseAwareTransport> idle;

    SmtpConnectionPool(RouterConfig.Smtp smtp, String heloName) {
        this(smtp, SmtpServer.of(smtp), heloName);
    }

    SmtpConnectionPool(RouterConfig.Smtp smtp, SmtpServer server, String heloName) {
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

    /** Waits for a free slot, then hands out an open connection, opening one if none is idle. */
    PhaseAwareTransport acquire() throws MessagingException, InterruptedException {
        permits.acquire();
        PhaseAwareTransport transport = idle.poll();
        // A server drops connections left idle (GreenMail, Postfix after its smtpd_timeout): one that sat in the pool
        // a while is checked with a NOOP (Angus's isConnected) before it carries a message, else replaced.
        if (transport != null && (transport.idleNanos() < CHECK_AFTER_IDLE_NANOS || transport.isConnected())) {
            return transport;
        }
        if (transport != null) {
            closeQuietly(transport);
        }
        try {
            boolean implicitTls = server.tls() == RouterConfig.TlsMode.TLS;
            transport = new PhaseAwareTransport(session, new URLName(implicitTls ? "smtps" : "smtp", server.host(),
                    server.port(), null, null, null), implicitTls);
            transport.connect(server.host(), server.port(), server.username(), server.password());
            return transport;
        } catch (MessagingException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Takes a connection back; a broken or worn one is closed rather than reused. */
    void release(PhaseAwareTransport transport, boolean reusable) {
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
