package dev.mailroom.attachment.rest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import dev.mailroom.localstack.identity.LocalIdentity;
import dev.mailroom.localstack.testing.TestIdentity;

/** A caller that starts a download, reads its head and the first bytes, and closes its socket mid-body. */
final class LeavingClient {

    private LeavingClient() {
    }

    /** Reads {@code bytes} of the download of blob {@code sha256} (a 200 is asserted), then leaves. */
    static void readAndLeave(URL service, String sha256, int bytes) throws IOException {
        try (Socket socket = new Socket(service.getHost(), service.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /blobs/" + sha256 + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + TestIdentity.tokenFor(LocalIdentity.SERVICES_OBJECT_ID) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] head = socket.getInputStream().readNBytes(bytes);
            assertTrue(new String(head, 0, 12, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"),
                    new String(head, 0, 40, StandardCharsets.US_ASCII));
        }
    }
}
