package dev.mailroom.endtoend.router;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real SMTP server on loopback that takes its time over every message (it waits before answering the final dot,
 * as a loaded relay does) and counts the copies it accepted per Message-ID.
 */
final class SlowSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final long replyDelayMillis;
    private final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
    private final AtomicInteger dataCommands = new AtomicInteger();

    SlowSmtpServer(long replyDelayMillis) throws IOException {
        this.replyDelayMillis = replyDelayMillis;
        this.socket = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "slow-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Accepted copies per Message-ID. */
    Map<String, Integer> accepted() {
        Map<String, Integer> copies = new ConcurrentHashMap<>();
        accepted.forEach((id, count) -> copies.put(id, count.get()));
        return copies;
    }

    int acceptedTotal() {
        return accepted.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Messages whose transfer began (DATA), accepted or not. */
    int begun() {
        return dataCommands.get();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Thread session = new Thread(() -> serve(client), "slow-smtp-session");
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
            reply(out, "220 slow ESMTP");
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.toUpperCase(Locale.ROOT);
                if (command.startsWith("DATA")) {
                    dataCommands.incrementAndGet();
                    reply(out, "354 go ahead");
                    String messageId = readMessage(in);
                    Thread.sleep(replyDelayMillis);
                    accepted.computeIfAbsent(messageId, id -> new AtomicInteger()).incrementAndGet();
                    reply(out, "250 2.0.0 queued");
                } else if (command.startsWith("QUIT")) {
                    reply(out, "221 bye");
                    return;
                } else {
                    reply(out, "250 ok");
                }
            }
        } catch (IOException | InterruptedException gone) {
            // The client went away before the reply: the message counts as not accepted.
        }
    }

    private static String readMessage(BufferedReader in) throws IOException {
        String messageId = "none";
        String line;
        while ((line = in.readLine()) != null && !line.equals(".")) {
            if (line.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                messageId = line.substring(11).trim();
            }
        }
        return messageId;
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
