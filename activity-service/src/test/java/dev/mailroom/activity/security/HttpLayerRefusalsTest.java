package dev.mailroom.activity.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.mailroom.localstack.testing.TestIdentity;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What the HTTP layer refuses before any resource runs, written byte for byte to a socket of the running service:
 * over the HTTP codec's own limits (a 40 KB request line, 64 KB of headers, thousands of headers) and input that is
 * not HTTP/1.1 at all (garbage, HTTP/0.9, unknown versions, malformed headers, ambiguous framing), as well as what
 * the earliest route refuses (bad percent-encoding, HTTP/1.0 without Host). Each gets its status and Dataverse's
 * error body {@code {"error":{"code":"0x…","message":"…"}}} with no internal detail, and the codec's refusals close
 * the connection.
 */
@QuarkusTest
class HttpLayerRefusalsTest {

    private static final String ROOT = "/api/data/v9.2/";
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/\\d\\.\\d (\\d{3}) .*");
    private static final Pattern DATAVERSE_ERROR =
            Pattern.compile("\\{\"error\":\\{\"code\":\"0x[0-9a-f]{8}\",\"message\":\"([^\"]+)\"}}");

    @TestHTTPResource("/")
    URL base;

    private final String token = "Authorization: Bearer " + TestIdentity.administratorToken() + "\r\n";

    @Test
    void shouldRefuseARequestLineOverTheCodecsLimitWithDataversesBody() throws IOException {
        Answer answer = send("GET " + ROOT + "emails?$filter=subject%20eq%20'" + "x".repeat(45_000)
                + "' HTTP/1.1\r\nHost: x\r\n" + token + "\r\n");
        answer.assertRefused(414, "32768");
        answer.assertClosesTheConnection();
        send("GET /" + "a".repeat(200_000) + " HTTP/1.1\r\nHost: x\r\n\r\n").assertRefused(414, "32768");
    }

    @Test
    void shouldRefuseAHeaderBlockOverTheCodecsLimitWithDataversesBody() throws IOException {
        Answer one = send("GET " + ROOT + "emails HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(70_000) + "\r\n"
                + token + "\r\n");
        one.assertRefused(431, "32768");
        one.assertClosesTheConnection();
        send("GET " + ROOT + "emails HTTP/1.1\r\nHost: x\r\n" + token + "X-Many: v\r\n".repeat(12_000) + "\r\n")
                .assertRefused(431, "32768");
        send("GET " + ROOT + "emails HTTP/1.1\r\nHost: x\r\n" + token + "A: b\r\n".repeat(20_000) + "\r\n")
                .assertRefused(431, "32768");
    }

    @Test
    void shouldRefuseWhatIsNotHttpWithDataversesBody() throws IOException {
        String[][] cases = {
            {"garbage bytes", "\u0001\u00ff\u00fe\u0016\u0003\u0001 x\u0000y \u0080\u0081\u00c3\r\n\r\n"},
            {"a binary line", "\u00ff\u00fe\u00fd\u00fc\r\n\r\n"},
            {"HTTP/0.9", "GET " + ROOT + "emails\r\n\r\n"},
            {"a version that is no version", "GET " + ROOT + "emails HTTP/one.one\r\nHost: x\r\n" + token + "\r\n"},
            {"a raw space in the URL", "GET " + ROOT + "emails?$filter=subject eq 'x' HTTP/1.1\r\nHost: x\r\n"
                    + token + "\r\n"},
            {"a header without colon", "GET " + ROOT + "emails HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n" + token
                    + "\r\n"},
            {"a header name with a space", "GET " + ROOT + "emails HTTP/1.1\r\nHost: x\r\nBad Name: 1\r\n" + token
                    + "\r\n"},
            {"a NUL in a header", "GET " + ROOT + "emails HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer a\u0000b"
                    + "\r\n\r\n"},
            {"bare LF line ends", "GET " + ROOT + "emails HTTP/1.1\nHost: x\n" + token.replace("\r\n", "\n")
                    + "\n"},
            {"two Content-Lengths", "POST " + ROOT + "emails HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                    + "\r\nContent-Length: 2\r\nContent-Length: 40\r\n" + token + "\r\n{}"},
            {"Content-Length and chunked", "POST " + ROOT + "emails HTTP/1.1\r\nHost: x\r\nContent-Type: "
                    + "application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n" + token
                    + "\r\n0\r\n\r\n"},
            {"a negative Content-Length", "POST " + ROOT + "emails HTTP/1.1\r\nHost: x\r\nContent-Type: "
                    + "application/json\r\nContent-Length: -1\r\n" + token + "\r\n{}"},
        };
        for (String[] request : cases) {
            Answer answer = send(request[1]);
            answer.assertRefused(400, "not well-formed HTTP", request[0]);
            answer.assertClosesTheConnection();
        }
    }

    @Test
    void shouldRefuseMalformedUrlsAndMissingHostsInTheEarliestRouteWithDataversesBody() throws IOException {
        send("GET " + ROOT + "emails(%zz) HTTP/1.1\r\nHost: x\r\n" + token + "Connection: close\r\n\r\n")
                .assertRefused(400, "percent-encoded");
        send("GET " + ROOT + "emails HTTP/7.1\r\nHost: x\r\n" + token + "Connection: close\r\n\r\n")
                .assertRefused(400, "HTTP version");
        send("GET " + ROOT + "emails?$filter=%E0%A4%A HTTP/1.0\r\nHost: x\r\n" + token + "\r\n")
                .assertRefused(400, "percent-encoded");
        send("GET " + ROOT + "emails HTTP/1.0\r\n" + token + "\r\n").assertRefused(400, "Host");
        send("GET " + ROOT + "emails HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(40_000) + "\r\n" + token
                + "Connection: close\r\n\r\n").assertRefused(431, "32768");
    }

    @Test
    void shouldStillServeWellFormedRequestsOnTheSameServer() throws IOException {
        Answer answer = send("GET " + ROOT + "emails?$top=1&$select=subject HTTP/1.1\r\nHost: x\r\n" + token
                + "Connection: close\r\n\r\n");
        assertEquals(200, answer.status(), answer.text());
        assertTrue(answer.body().contains("\"value\""), answer.text());
    }

    private Answer send(String request) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            boolean closed = false;
            try {
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    answer.write(buffer, 0, read);
                }
                closed = true;
            } catch (java.net.SocketException reset) {
                closed = true;
                if (answer.size() == 0) {
                    throw reset;
                }
            }
            return new Answer(answer.toString(StandardCharsets.ISO_8859_1), closed);
        }
    }

    /** What came back on the socket, read until the server closed it. */
    private record Answer(String text, boolean closed) {

        int status() {
            Matcher matcher = STATUS_LINE.matcher(text.lines().findFirst().orElse(""));
            return matcher.matches() ? Integer.parseInt(matcher.group(1)) : -1;
        }

        String head() {
            int end = text.indexOf("\r\n\r\n");
            return end < 0 ? text : text.substring(0, end);
        }

        String body() {
            int end = text.indexOf("\r\n\r\n");
            return end < 0 ? "" : text.substring(end + 4);
        }

        void assertRefused(int status, String messagePart) {
            assertRefused(status, messagePart, "");
        }

        void assertRefused(int status, String messagePart, String name) {
            String shown = name + ": " + (text.length() > 400 ? text.substring(0, 400) : text);
            assertEquals(status, status(), shown);
            assertTrue(head().toLowerCase(Locale.ROOT).contains("content-type: application/json"), shown);
            Matcher error = DATAVERSE_ERROR.matcher(body());
            assertTrue(error.matches(), "not Dataverse's error body: " + shown);
            assertTrue(error.group(1).contains(messagePart), shown);
            assertFalse(HostileAnswers.INTERNAL.matcher(error.group(1)).find(), "internal detail: " + shown);
        }

        void assertClosesTheConnection() {
            assertTrue(closed && head().toLowerCase(Locale.ROOT).contains("connection: close"), text);
        }
    }
}
