package dev.mailroom.router.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailroom.router.config.RouterConfig;

/**
 * SMTP PIPELINING (RFC 2920) against a real socket: a server that offers it and, as it may, holds its replies to MAIL
 * and RCPT until DATA arrives. A client that waited for each reply would hang there until its timeout; the router
 * sends the envelope and DATA at once, and still fails a message the server refused exactly as it did one command
 * at a time (5xx refused, 4xx transient, nothing delivered).
 */
class SmtpPipeliningTest {

    private BatchingSmtpServer server;
    private SmtpMailSender sender;

    @BeforeEach
    void start() throws IOException {
        server = new BatchingSmtpServer();
        sender = new SmtpMailSender(config(server.port()), null);
    }

    @AfterEach
    void stop() throws IOException {
        sender.close();
        server.close();
    }

    @Test
    void shouldSendTheEnvelopeWithDataWithoutWaitingForEachReply() {
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(SendResult.Accepted.class, send("<m" + i + "@router.test>", "a@example.com",
                    "b@example.com"));
        }
        assertEquals(3, server.delivered.size());
        assertEquals(1, server.connections.get(), "one connection carried every message");
        assertTrue(server.envelopesPipelined.get() == 3, "every envelope arrived with its DATA, before any reply");
    }

    @Test
    void shouldRefuseAMessageWithARecipientTheServerRefused() {
        SendResult result = send("<refused@router.test>", "a@example.com", "reject-b@example.com");

        SendResult.Refused refused = assertInstanceOf(SendResult.Refused.class, result);
        assertTrue(refused.reason().contains("550"), refused.reason());
        assertTrue(server.delivered.isEmpty(), "nothing delivered without the final dot");
        // The connection the server was waiting on for a message is not reused.
        assertInstanceOf(SendResult.Accepted.class, send("<next@router.test>", "a@example.com"));
        assertEquals(2, server.connections.get());
        assertEquals(List.of("<next@router.test>"), server.delivered);
    }

    @Test
    void shouldDeferAMessageWhoseRecipientTheServerCannotTakeNow() {
        SendResult result = send("<busy@router.test>", "busy-a@example.com");

        SendResult.Transient deferred = assertInstanceOf(SendResult.Transient.class, result);
        assertTrue(deferred.reason().contains("452"), deferred.reason());
        assertTrue(server.delivered.isEmpty());
    }

    @Test
    void shouldRefuseAMessageWhoseSenderTheServerRefused() {
        server.refuseSenders = true;

        SendResult.Refused refused = assertInstanceOf(SendResult.Refused.class, send("<sender@router.test>",
                "a@example.com"));
        assertTrue(refused.reason().contains("553"), refused.reason());
        assertTrue(server.delivered.isEmpty());
    }

    @Test
    void shouldDotStuffLinesOfTheBodyThatBeginWithADot() {
        String html = "<p>first</p>\r\n.hidden\r\n..two\r\n.\r\n<p>last</p>";
        assertInstanceOf(SendResult.Accepted.class, sender.send(new OutgoingEmail("<dots@router.test>", null,
                List.of("a@example.com"), List.of(), List.of(), "Subject", html, "id", null, List.of())));

        String body = server.lastBody.get(0);
        assertTrue(body.contains("\r\n.hidden\r\n..two\r\n.\r\n<p>last</p>"), body);
    }

    private SendResult send(String messageId, String... to) {
        return sender.send(new OutgoingEmail(messageId, null, List.of(to), List.of(), List.of(), "Subject",
                "<p>" + "body ".repeat(400) + "</p>", "id", null, List.of()));
    }

    private static RouterConfig config(int port) {
        RouterConfig.Smtp smtp = (RouterConfig.Smtp) Proxy.newProxyInstance(SmtpPipeliningTest.class.getClassLoader(),
                new Class<?>[] {RouterConfig.Smtp.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "host" -> "127.0.0.1";
                    case "port" -> port;
                    case "from" -> "mailroom@mailroom.local";
                    case "username", "password", "trust" -> Optional.empty();
                    case "tls" -> RouterConfig.TlsMode.NONE;
                    // A client that waited for the withheld replies would give up after this.
                    case "timeout" -> Duration.ofSeconds(5);
                    case "connections" -> 2;
                    case "messagesPerConnection" -> 1000;
                    case "pipelining" -> true;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (RouterConfig) Proxy.newProxyInstance(SmtpPipeliningTest.class.getClassLoader(),
                new Class<?>[] {RouterConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "smtp" -> smtp;
                    case "messageIdDomain" -> "router.test";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /**
     * Offers PIPELINING and answers MAIL and RCPT only once DATA has arrived, all replies in one write, as RFC 2920
     * allows. {@code reject-*} recipients get 550, {@code busy-*} 452, every sender 553 once {@code refuseSenders};
     * DATA gets 554 when no recipient was accepted.
     */
    private static final class BatchingSmtpServer extends ScriptedSmtpPeer {

        final AtomicInteger envelopesPipelined = new AtomicInteger();
        final List<String> delivered = new CopyOnWriteArrayList<>();
        final List<String> lastBody = new CopyOnWriteArrayList<>();
        volatile boolean refuseSenders;

        BatchingSmtpServer() throws IOException {
            start("batching-smtp");
        }

        @Override
        void serve(Socket client) {
            try (client; BufferedReader in = new BufferedReader(
                    new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
                OutputStream out = client.getOutputStream();
                write(out, "220 batching ESMTP\r\n");
                StringBuilder held = new StringBuilder();
                int envelopeCommands = 0;
                int accepted = 0;
                String line;
                while ((line = in.readLine()) != null) {
                    String command = line.toUpperCase(Locale.ROOT);
                    if (command.startsWith("EHLO")) {
                        write(out, "250-batching.test\r\n250-PIPELINING\r\n250 8BITMIME\r\n");
                    } else if (command.startsWith("MAIL")) {
                        held.append(refuseSenders ? "553 5.7.1 sender refused\r\n" : "250 ok\r\n");
                        envelopeCommands = 1;
                        accepted = 0;
                    } else if (command.startsWith("RCPT")) {
                        String address = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                        envelopeCommands++;
                        if (address.startsWith("reject-")) {
                            held.append("550 5.1.1 <").append(address).append(">: mailbox unavailable\r\n");
                        } else if (address.startsWith("busy-")) {
                            held.append("452 4.2.2 <").append(address).append(">: mailbox full\r\n");
                        } else {
                            held.append("250 ok\r\n");
                            accepted++;
                        }
                    } else if (command.startsWith("DATA")) {
                        if (envelopeCommands >= 2) {
                            envelopesPipelined.incrementAndGet();
                        }
                        boolean senderOk = held.indexOf("553") < 0;
                        boolean go = senderOk && accepted > 0;
                        held.append(go ? "354 go ahead\r\n" : "554 5.5.1 no valid recipients\r\n");
                        write(out, held.toString());
                        held.setLength(0);
                        envelopeCommands = 0;
                        if (go && !receive(in, out)) {
                            return;
                        }
                    } else if (command.startsWith("QUIT")) {
                        write(out, held + "221 bye\r\n");
                        return;
                    } else {
                        write(out, held + "250 ok\r\n");
                        held.setLength(0);
                    }
                }
            } catch (IOException gone) {
                // The client went away.
            }
        }

        /** Reads the message up to its dot (un-stuffing dots); false when the connection ends first. */
        private boolean receive(BufferedReader in, OutputStream out) throws IOException {
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals(".")) {
                    String messageId = lines.stream().filter(l -> l.regionMatches(true, 0, "Message-ID:", 0, 11))
                            .map(l -> l.substring(11).trim()).findFirst().orElse("?");
                    delivered.add(messageId);
                    lastBody.clear();
                    lastBody.add(String.join("\r\n", lines));
                    write(out, "250 2.0.0 queued\r\n");
                    return true;
                }
                lines.add(line.startsWith(".") ? line.substring(1) : line);
            }
            return false;
        }

        private static void write(OutputStream out, String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }
}
