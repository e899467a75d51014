package dev.mailroom.router.mail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A mail server played by a test on a loopback socket: each connection is served by {@link #serve} on a daemon
 * thread of its own, so a test can script exactly the replies it needs (a hang-up, replies held until DATA) that a
 * real server would not give on demand. Closing it closes the connections still open too.
 */
abstract class ScriptedSmtpPeer implements AutoCloseable {

    final AtomicInteger connections = new AtomicInteger();
    private final ServerSocket socket;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    ScriptedSmtpPeer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    /** Starts accepting; called by a subclass once its own fields are set, since sessions read them. */
    final void start(String name) {
        Thread acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    connections.incrementAndGet();
                    open.add(client);
                    Thread session = new Thread(() -> {
                        try {
                            serve(client);
                        } finally {
                            open.remove(client);
                        }
                    }, name + "-session");
                    session.setDaemon(true);
                    session.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }, name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** One connection's conversation; closes the socket when it is done. */
    abstract void serve(Socket client);

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket client : open) {
            client.close();
        }
    }
}
