package dev.mailroom.router.mail;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

import dev.mailroom.router.config.RouterConfig;

/**
 * Sends over a pool of persistent connections with Angus Mail's SMTP transport. Chosen over the Vert.x client behind
 * Quarkus Mailer because the transport tells us how far a failed transaction got: only a failure after the final
 * dot leaves the outcome unknown, and the ledger must not treat that like a refusal.
 */
@ApplicationScoped
public class SmtpMailSender implements MailSender {

    private final RouterConfig config;
    private final SmtpServer relay;
    private final Map<SmtpServer, SmtpConnectionPool> pools = new ConcurrentHashMap<>();
    private final MimeMessages mime;

    public SmtpMailSender(RouterConfig config, BlobSource blobs) {
        this.config = config;
        this.relay = SmtpServer.of(config.smtp());
        this.mime = new MimeMessages(config.smtp().from(), blobs);
    }

    @PreDestroy
    void close() {
        pools.values().forEach(SmtpConnectionPool::close);
    }

    @Override
    public SendResult send(OutgoingEmail email) {
        return send(email, relay);
    }

    /** Sends over the pool of {@code server}, opened on first use: one pool per server profile. */
    @Override
    public SendResult send(OutgoingEmail email, SmtpServer server) {
        return send(email, server, FinalDotGate.OPEN);
    }

    @Override
    public SendResult send(OutgoingEmail email, SmtpServer server, FinalDotGate gate) {
        SmtpConnectionPool pool = pools.get(server);
        if (pool == null) {
            pool = openPool(server);
        }
        MimeMessages.Built built;
        try {
            built = mime.build(email);
        } catch (MessagingException | IllegalArgumentException e) {
            return new SendResult.Refused("Not sendable: " + e.getMessage());
        }
        PhaseAwareTransport transport;
        try {
            transport = pool.acquire();
        } catch (MessagingException e) {
            if (startTlsNotOffered(e)) {
                // The profile requires STARTTLS and the router never falls back to clear text: no retry can help
                // until someone changes the server or the profile, so the email fails now and says which.
                return new SendResult.Refused("The server " + server + " does not offer STARTTLS, which the "
                        + "email server profile requires (the router never sends in clear text instead). Enable "
                        + "STARTTLS on the server, or change the profile (implicit TLS on port 465, or no SSL), "
                        + "then send the email again.");
            }
            return new SendResult.Transient("No SMTP connection: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendResult.Transient("Interrupted before sending");
        }
        boolean reusable = false;
        try {
            transport.beginMessage(gate);
            transport.sendMessage(built.message(), built.recipients());
            reusable = true;
            return new SendResult.Accepted();
        } catch (MessagingException | RuntimeException e) {
            return classify(e, transport.dotSent());
        } finally {
            pool.release(transport, reusable);
        }
    }

    /**
     * A new pool for a server. Pools are keyed by every setting of the server (host, port, TLS mode, credentials),
     * and one is never closed for another on the same host and port: two profiles may point at one server with
     * different settings and be in use at once (the relay and a STARTTLS profile, say), and closing one for the
     * other would fail the sends on it. A pool left behind by a changed profile only keeps its idle connections.
     */
    private synchronized SmtpConnectionPool openPool(SmtpServer server) {
        return pools.computeIfAbsent(server,
                key -> new SmtpConnectionPool(config.smtp(), key, config.messageIdDomain()));
    }

    /** A reply code decides (5xx refused, 4xx transient); without one, it depends on whether the dot went out. */
    static SendResult classify(Exception failure, boolean dotSent) {
        int code = replyCode(failure);
        String reason = describe(failure);
        if (code >= 500) {
            return new SendResult.Refused(reason);
        }
        if (code >= 400) {
            return new SendResult.Transient(reason);
        }
        return dotSent ? new SendResult.Unknown(reason) : new SendResult.Transient(reason);
    }

    /** Angus Mail's answer when {@code starttls.required} is set and the server's EHLO lists no STARTTLS. */
    static boolean startTlsNotOffered(MessagingException failure) {
        String message = failure.getMessage();
        return message != null && message.contains("does not support STARTTLS");
    }

    private static int replyCode(Exception failure) {
        Exception current = failure;
        while (current != null) {
            if (current instanceof SMTPSendFailedException sendFailed && sendFailed.getReturnCode() > 0) {
                return sendFailed.getReturnCode();
            }
            if (current instanceof SMTPAddressFailedException addressFailed && addressFailed.getReturnCode() > 0) {
                return addressFailed.getReturnCode();
            }
            current = current instanceof MessagingException messaging ? messaging.getNextException() : null;
        }
        // Addresses JavaMail itself found invalid, with no reply to go by: no retry will make them valid.
        boolean invalidAddresses = failure instanceof SendFailedException sendFailed
                && sendFailed.getInvalidAddresses() != null && sendFailed.getInvalidAddresses().length > 0;
        return invalidAddresses ? 550 : -1;
    }

    private static String describe(Exception failure) {
        String message = String.valueOf(failure.getMessage()).strip();
        Throwable cause = failure.getCause();
        return cause == null || cause.getMessage() == null ? message : message + ": " + cause.getMessage();
    }
}
