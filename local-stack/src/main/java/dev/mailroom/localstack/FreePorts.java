package dev.mailroom.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Picks loopback ports for the servers: fixed ones for the local run, free ones for tests. */
final class FreePorts {

    private final boolean fixed;

    FreePorts(boolean fixed) {
        this.fixed = fixed;
    }

    /** The well-known port in a local run; any free port in tests, so parallel runs never collide. */
    int port(int wellKnown) {
        return fixed ? wellKnown : anyFreePort();
    }

    static int anyFreePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        }
    }
}
