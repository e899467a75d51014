package dev.mailroom.localstack.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP written byte for byte to a running service's socket, for what no HTTP client will send (malformed request
 * lines, headers and framing, sizes over the codec's limits), and what came back, read until the server closed the
 * connection. The services' hostile-input and HTTP-layer tests share it; the checks of an answer's body stay with
 * each service, whose error bodies differ.
 */
public final class RawHttp {

    /** Vert.x writes the request's own version back in the status line, {@code HTTP/7.1} included. */
    private static final Pattern STATUS_LINE = Pattern.compile("[A-Z]+/\\d\\.\\d (\\d{3})(?: .*)?");

    private RawHttp() {
    }

    /** Sends {@code request} (ISO-8859-1, so that every char is one byte) and reads the answer to its end. */
    public static Answer send(URL base, String request) throws IOException {
        return send(base, request.getBytes(StandardCharsets.ISO_8859_1), false);
    }

    /**
     * Sends {@code request}; with {@code halfClose} the client then says it has sent all it will (a body shorter than
     * announced). The answer is read until the server closes the connection (the requests end with
     * {@code Connection: close}, are HTTP/1.0, or are refused). A reset after part of an answer keeps that part (a
     * server may close while a refused body is still being written); a reset before any byte is thrown.
     */
    public static Answer send(URL base, byte[] request, boolean halfClose) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            if (halfClose) {
                socket.shutdownOutput();
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    answer.write(buffer, 0, read);
                }
            } catch (SocketException reset) {
                if (answer.size() == 0) {
                    throw reset;
                }
            }
            return new Answer(answer.toString(StandardCharsets.ISO_8859_1));
        }
    }

    /** Everything the server wrote before it closed the connection. */
    public record Answer(String text) {

        /** The status, or -1 when the answer does not start with a status line. */
        public int status() {
            Matcher matcher = STATUS_LINE.matcher(text.lines().findFirst().orElse(""));
            return matcher.matches() ? Integer.parseInt(matcher.group(1)) : -1;
        }

        /** The status line and headers, as sent. */
        public String head() {
            int end = text.indexOf("\r\n\r\n");
            return end < 0 ? text : text.substring(0, end);
        }

        /** Whether the head has this header with this value (names and values compared ignoring case). */
        public boolean hasHeader(String name, String value) {
            return head().toLowerCase(Locale.ROOT).contains(name.toLowerCase(Locale.ROOT) + ": "
                    + value.toLowerCase(Locale.ROOT));
        }

        /** The body, with a chunked one joined back together. */
        public String body() {
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                return "";
            }
            String body = text.substring(end + 4);
            return hasHeader("Transfer-Encoding", "chunked") ? dechunk(body) : body;
        }

        /** The server said it closes the connection after this answer. */
        public boolean closesTheConnection() {
            return hasHeader("Connection", "close");
        }

        /** The first characters, for a failure message. */
        public String shown() {
            return text.length() <= 400 ? text : text.substring(0, 400) + "…";
        }

        private static String dechunk(String body) {
            StringBuilder text = new StringBuilder();
            int at = 0;
            while (at < body.length()) {
                int lineEnd = body.indexOf("\r\n", at);
                if (lineEnd < 0) {
                    break;
                }
                int size = Integer.parseInt(body.substring(at, lineEnd).split(";")[0].trim(), 16);
                if (size == 0) {
                    break;
                }
                text.append(body, lineEnd + 2, Math.min(body.length(), lineEnd + 2 + size));
                at = lineEnd + 2 + size + 2;
            }
            return text.toString();
        }
    }
}
