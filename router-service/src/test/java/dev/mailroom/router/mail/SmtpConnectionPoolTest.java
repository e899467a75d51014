package dev.mailroom.router.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

import dev.mailroom.router.config.RouterConfig;

/**
 * The pool against a real SMTP conversation on a socket: a server that closes a connection once it has been idle (as
 * relays do) must not cost the next message a delivery attempt; the pool finds the closed connection and opens another.
 */
class SmtpConnectionPoolTest {

    @Test
    void shouldOpenANewConnectionWhenTheServerClosedAnIdleOne() throws Exception {
        try (ClosingSmtpServer server = new ClosingSmtpServer();
                SmtpConnectionPool pool = pool(server, Duration.ZERO)) {
            PhaseAwareTransport first = pool.acquire();
            send(first);
            pool.release(first, true);
            assertTrue(server.closedOne.await(30, TimeUnit.SECONDS), "the server closed the idle connection");

            PhaseAwareTransport second = pool.acquire();
            assertNotSame(first, second, "the closed connection was handed out again");
            send(second);
            pool.release(second, true);
            assertEquals(2, server.connections.get());
            assertEquals(2, server.messages.get());
        }
    }

    @Test
    void shouldReuseAConnectionInSteadyUseWithoutCheckingIt() throws Exception {
        try (ClosingSmtpServer server = new ClosingSmtpServer(false);
                SmtpConnectionPool pool = pool(server, SmtpConnectionPool.CHECK_AFTER_IDLE)) {
            PhaseAwareTransport first = pool.acquire();
            send(first);
            pool.release(first, true);
            PhaseAwareTransport again = pool.acquire();
            assertSame(first, again);
            send(again);
            pool.release(again, true);
            assertEquals(1, server.connections.get());
            assertEquals(0, server.noops.get(), "a connection used a moment ago is not checked");
        }
    }

    private static SmtpConnectionPool pool(ClosingSmtpServer server, Duration checkAfterIdle) {
        return new SmtpConnectionPool(smtp(), new SmtpServer("127.0.0.1", server.port(), RouterConfig.TlsMode.NONE,
                null, null), "router.test", checkAfterIdle);
    }

    private static void send(PhaseAwareTransport transport) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new java.util.Properties()));
        message.setFrom(new InternetAddress("sender@mailroom.test"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("someone@example.org"));
        message.setSubject("pooled");
        message.setText("hello");
        message.saveChanges();
        transport.beginMessage(FinalDotGate.OPEN);
        transport.sendMessage(message, message.getAllRecipients());
    }

    /** The router's SMTP settings as their defaults, without a running application. */
    private static RouterConfig.Smtp smtp() {
        return (RouterConfig.Smtp) Proxy.newProxyInstance(SmtpConnectionPoolTest.class.getClassLoader(),
                new Class<?>[] {RouterConfig.Smtp.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "host" -> "127.0.0.1";
                    case "port" -> 25;
                    case "from" -> "mailroom@mailroom.local";
                    case "username", "password", "trust" -> Optional.empty();
                    case "tls" -> RouterConfig.TlsMode.NONE;
                    case "timeout" -> Duration.ofSeconds(10);
                    case "connections" -> 2;
                    case "messagesPerConnection" -> 1000;
                    case "pipelining" -> true;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Answers a plain SMTP conversation; with {@code closeAfterMessage}, hangs up after each accepted message. */
    private static final class ClosingSmtpServer extends ScriptedSmtpPeer {

        final AtomicInteger messages = new AtomicInteger();
        final AtomicInteger noops = new AtomicInteger();
        final CountDownLatch closedOne = new CountDownLatch(1);
        private final boolean closeAfterMessage;

        ClosingSmtpServer() throws IOException {
            this(true);
        }

        ClosingSmtpServer(boolean closeAfterMessage) throws IOException {
            this.closeAfterMessage = closeAfterMessage;
            start("closing-smtp");
        }

        @Override
        void serve(Socket client) {
            try (client; BufferedReader in = new BufferedReader(
                    new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII))) {
                OutputStream out = client.getOutputStream();
                reply(out, "220 closing ESMTP");
                String line;
                while ((line = in.readLine()) != null) {
                    String command = line.toUpperCase(java.util.Locale.ROOT);
                    if (command.startsWith("DATA")) {
                        reply(out, "354 go ahead");
                        while ((line = in.readLine()) != null && !line.equals(".")) {
                            // the message itself
                        }
                        messages.incrementAndGet();
                        reply(out, "250 2.0.0 queued");
                        if (closeAfterMessage) {
                            return;
                        }
                    } else if (command.startsWith("QUIT")) {
                        reply(out, "221 bye");
                        return;
                    } else {
                        if (command.startsWith("NOOP") || command.startsWith("RSET")) {
                            noops.incrementAndGet();
                        }
                        reply(out, "250 ok");
                    }
                }
            } catch (IOException gone) {
                // the client went away
            } finally {
                closedOne.countDown();
            }
        }

        private static void reply(OutputStream out, String text) throws IOException {
            out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }
}
