package dev.mailroom.attachment;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP link between the service and the real S3 server that a test can cut in the middle of a transfer: after a
 * given number of bytes towards S3, every connection is dropped and new ones are refused until it is restored.
 */
public final class StorageLink implements AutoCloseable {

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicLong budget = new AtomicLong(Long.MAX_VALUE);
    private volatile boolean cut;

    public StorageLink(String targetHost, int targetPort) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        Thread acceptor = new Thread(this::accept, "storage-link");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Lets {@code bytes} more bytes through towards S3, then cuts the link. */
    public void cutAfter(long bytes) {
        budget.set(bytes);
    }

    public void restore() {
        budget.set(Long.MAX_VALUE);
        cut = false;
    }

    public boolean isCut() {
        return cut;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (cut) {
                    client.close();
                    continue;
                }
                Socket upstream = new Socket(targetHost, targetPort);
                open.add(client);
                open.add(upstream);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException e) {
                // closed, or S3 refused: the client sees its connection fail
            }
        }
    }

    private void pump(Socket from, Socket to, boolean towardsStorage) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n != -1 && !cut; n = in.read(buffer)) {
                    if (towardsStorage && budget.addAndGet(-n) < 0) {
                        cutNow();
                        return;
                    }
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "storage-link-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private void cutNow() {
        cut = true;
        open.forEach(StorageLink::closeQuietly);
        open.clear();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        cutNow();
        server.close();
    }
}
