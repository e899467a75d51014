package dev.mailroom.router.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real SMTP server on loopback whose replies depend on the recipient, for the failures GreenMail cannot stage:
 * {@code tempfail-*} gets 451 after the dot twice, {@code reject-*} 550 at RCPT, {@code drop-*} loses the
 * connection after the first dot (having kept the message), {@code slow-*} waits before every reply.
 */
public final class ScriptedSmtpServer implements AutoCloseable {

    public static final long SLOW_REPLY_MS = 1_500;

    private final ServerSocket socket;
    private final Map<String, AtomicInteger> delivered = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> dots = new ConcurrentHashMap<>();

    public ScriptedSmtpServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "scripted-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** How many copies of the message the server kept (accepted, or kept before it dropped the connection). */
    public int deliveredCount(String messageId) {
        AtomicInteger count = delivered.get(messageId);
        return count == null ? 0 : count.get();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Thread session = new Thread(() -> serve(client), "scripted-smtp-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client; BufferedReader in = new BufferedReader(
                new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
            OutputStream out = client.getOutputStream();
            reply(out, "220 scripted ESMTP", false);
            List<String> recipients = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.toUpperCase(java.util.Locale.ROOT);
                boolean slow = recipients.stream().anyMatch(r -> r.startsWith("slow-"));
                if (command.startsWith("RCPT")) {
                    String address = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                    if (address.startsWith("reject-")) {
                        reply(out, "550 5.1.1 <" + address + ">: mailbox unavailable", false);
                        continue;
                    }
                    recipients.add(address);
                    reply(out, "250 ok", address.startsWith("slow-"));
                } else if (command.startsWith("DATA")) {
                    reply(out, "354 go ahead", slow);
                    if (!receiveMessage(in, out, recipients, slow)) {
                        return;
                    }
                    recipients.clear();
                } else if (command.startsWith("QUIT")) {
                    reply(out, "221 bye", false);
                    return;
                } else {
                    if (command.startsWith("MAIL") || command.startsWith("RSET")) {
                        recipients.clear();
                    }
                    reply(out, "250 ok", slow);
                }
            }
        } catch (IOException | InterruptedException gone) {
            // The client went away; nothing to clean up.
        }
    }

    /** Reads up to the dot and answers it; false when the script drops the connection instead. */
    private boolean receiveMessage(BufferedReader in, OutputStream out, List<String> recipients, boolean slow)
            throws IOException, InterruptedException {
        String messageId = null;
        String line;
        while ((line = in.readLine()) != null && !line.equals(".")) {
            if (messageId == null && line.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                messageId = line.substring(11).trim();
            }
        }
        int dot = dots.computeIfAbsent(String.valueOf(messageId), id -> new AtomicInteger()).incrementAndGet();
        if (recipients.stream().anyMatch(r -> r.startsWith("tempfail-")) && dot <= 2) {
            reply(out, "451 4.3.0 try again later", slow);
            return true;
        }
        delivered.computeIfAbsent(String.valueOf(messageId), id -> new AtomicInteger()).incrementAndGet();
        if (recipients.stream().anyMatch(r -> r.startsWith("drop-")) && dot == 1) {
            return false;
        }
        reply(out, "250 2.0.0 queued", slow);
        return true;
    }

    private static void reply(OutputStream out, String text, boolean slow) throws IOException, InterruptedException {
        if (slow) {
            Thread.sleep(SLOW_REPLY_MS);
        }
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
