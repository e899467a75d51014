package dev.mailroom.attachment.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

import dev.mailroom.localstack.identity.LocalIdentity;
import dev.mailroom.localstack.testing.LocalStackResource;
import dev.mailroom.localstack.testing.TestIdentity;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What attachment-service's HTTP layer refuses before any resource runs, written byte for byte to a socket of the
 * running service: over the HTTP codec's own limits (a 40 KB request line, 64 KB of headers, thousands of headers),
 * input that is not HTTP/1.1 (garbage, HTTP/0.9, malformed headers, ambiguous framing), and what the earliest route
 * refuses (bad percent-encoding, HTTP/1.0 without Host). Each gets its status and the blob API's error body
 * {@code {"error":"InvalidRequest","message":"…"}}; the codec's refusals close the connection.
 */
@QuarkusTest
@WithTestResource(value = LocalStackResource.class,
        initArgs = @ResourceArg(name = "components", value = "kafka,postgres,s3"))
class HttpLayerRefusalsTest {

    private static final String BLOB = "/blobs/" + "0".repeat(64);
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/\\d\\.\\d (\\d{3}) .*");
    private static final Pattern ERROR = Pattern.compile("\\{\"error\":\"InvalidRequest\",\"message\":\"([^\"]+)\"}");

    @TestHTTPResource("/")
    URL base;

    private final String token = "Authorization: Bearer " + TestIdentity.tokenFor(LocalIdentity.SERVICES_OBJECT_ID)
            + "\r\n";

    @Test
    void shouldRefuseWhatIsOverTheCodecsLimitsWithTheErrorBody() throws IOException {
        Answer line = send("GET /blobs/" + "0".repeat(45_000) + " HTTP/1.1\r\nHost: x\r\n" + token + "\r\n");
        line.assertRefused(414, "32768");
        line.assertClosesTheConnection();
        Answer headers = send("GET " + BLOB + " HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(70_000) + "\r\n"
                + token + "\r\n");
        headers.assertRefused(431, "32768");
        headers.assertClosesTheConnection();
        send("GET " + BLOB + " HTTP/1.1\r\nHost: x\r\n" + token + "X-Many: v\r\n".repeat(12_000) + "\r\n")
                .assertRefused(431, "32768");
    }

    @Test
    void shouldRefuseWhatIsNotHttpWithTheErrorBody() throws IOException {
        String[] requests = {
            "\u0001\u00ff\u00fe\u0016\u0003\u0001 x\u0000y \u0080\u0081\u00c3\r\n\r\n",
            "GET " + BLOB + "\r\n\r\n",
            "GET " + BLOB + " HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n" + token + "\r\n",
            "PUT /blobs HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nContent-Length: 9\r\n"
                    + token + "\r\nab",
        };
        for (String request : requests) {
            Answer answer = send(request);
            answer.assertRefused(400, "not well-formed HTTP");
            answer.assertClosesTheConnection();
        }
    }

    @Test
    void shouldRefuseMalformedUrlsAndMissingHostsInTheEarliestRouteWithTheErrorBody() throws IOException {
        send("GET /blobs/%zz HTTP/1.1\r\nHost: x\r\n" + token + "Connection: close\r\n\r\n")
                .assertRefused(400, "malformed");
        send("GET " + BLOB + "?x=%E0%A4%A HTTP/1.1\r\nHost: x\r\n" + token + "Connection: close\r\n\r\n")
                .assertRefused(400, "percent-encoded");
        send("GET " + BLOB + " HTTP/7.1\r\nHost: x\r\n" + token + "Connection: close\r\n\r\n")
                .assertRefused(400, "HTTP version");
        send("GET " + BLOB + " HTTP/1.0\r\n" + token + "\r\n").assertRefused(400, "Host");
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
            try {
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    answer.write(buffer, 0, read);
                }
            } catch (java.net.SocketException reset) {
                if (answer.size() == 0) {
                    throw reset;
                }
            }
            return new Answer(answer.toString(StandardCharsets.ISO_8859_1));
        }
    }

    /** What came back on the socket, read until the server closed it. */
    private record Answer(String text) {

        void assertRefused(int status, String messagePart) {
            String shown = text.length() > 400 ? text.substring(0, 400) : text;
            Matcher statusLine = STATUS_LINE.matcher(text.lines().findFirst().orElse(""));
            assertTrue(statusLine.matches(), shown);
            assertEquals(status, Integer.parseInt(statusLine.group(1)), shown);
            int end = text.indexOf("\r\n\r\n");
            assertTrue(end > 0 && head().contains("content-type: application/json"), shown);
            Matcher error = ERROR.matcher(text.substring(end + 4));
            assertTrue(error.matches(), "not the blob API's error body: " + shown);
            assertTrue(error.group(1).contains(messagePart), shown);
        }

        void assertClosesTheConnection() {
            assertTrue(head().contains("connection: close"), text);
        }

        private String head() {
            int end = text.indexOf("\r\n\r\n");
            return (end < 0 ? text : text.substring(0, end)).toLowerCase(Locale.ROOT);
        }
    }
}
