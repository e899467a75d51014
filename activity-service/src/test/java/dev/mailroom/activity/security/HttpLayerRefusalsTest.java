package dev.mailroom.activity.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.mailroom.localstack.testing.RawHttp;
import dev.mailroom.localstack.testing.RawHttp.Answer;
import dev.mailroom.localstack.testing.TestIdentity;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What the HTTP layer refuses before any resource runs, written byte for byte to a socket of the running service:
 * over the HTTP codec's own limits (a 40 KB request line, 64 KB of headers, thousands of headers) and input that is
 * not HTTP/1.1 at all (garbage, HTTP/0.9, unknown versions, malformed headers, ambiguous framing), as well as what
 * the earliest route refuses (bad percent-encoding, HTTP/1.0 without Host, a request target that is no path), and a
 * chunked body the codec cannot decode. Each gets its status and Dataverse's error body
 * {@code {"error":{"code":"0x…","message":"…"}}} with no internal detail, and the codec's refusals close the
 * connection.
 */
@QuarkusTest
class HttpLayerRefusalsTest {

    private static final String ROOT = "/api/data/v9.2/";
    private static final Pattern DATAVERSE_ERROR =
            Pattern.compile("\\{\"error\":\\{\"code\":\"0x[0-9a-f]{8}\",\"message\":\"([^\"]+)\"}}");

    @TestHTTPResource("/")
    URL base;

    private final String token = "Authorization: Bearer " + TestIdentity.administratorToken() + "\r\n";

    @Test
    void shouldRefuseARequestLineOverTheCodecsLimitWithDataversesBody() throws IOException {
        Answer answer = send("GET " + ROOT + "emails?$filter=subject%20eq%20'" + "x".repeat(45_000)
                + "' HTTP/1.1\r\nHost: x\r\n" + token + "\r\n");
        assertRefused(answer, 414, "32768");
        assertClosesTheConnection(answer);
        assertRefused(send("GET /" + "a".repeat(200_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"), 414, "32768");
    }

    @Test
    void shouldRefuseAHeaderBlockOverTheCodecsLimitWithDataversesBody() throws IOException {
        Answer one = send("GET " + ROOT + "emails HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(70_000) + "\r\n"
                + token + "\r\n");
        assertRefused(one, 431, "32768");
        assertClosesTheConnection(one);
        assertRefused(send("GET " + ROOT + "emails HTTP/1.1\r\nHost: x\r\n" + token
                + "X-Many: v\r\n".repeat(12_000) + "\r\n"), 431, "32768");
        assertRefused(send("GET " + ROOT + "emails HTTP/1.1\r\nHost: x\r\n" + token
                + "A: b\r\n".repeat(20_000) + "\r\n"), 431, "32768");
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
            assertRefused(answer, 400, "not well-formed HTTP", request[0]);
            assertClosesTheConnection(answer);
        }
    }

    @Test
    void shouldRefuseMalformedUrlsAndMissingHostsInTheEarliestRouteWithDataversesBody() throws IOException {
        assertRefused(send("GET " + ROOT + "emails(%zz) HTTP/1.1\r\nHost: x\r\n" + token
                + "Connection: close\r\n\r\n"), 400, "percent-encoded");
        assertRefused(send("GET " + ROOT + "emails HTTP/7.1\r\nHost: x\r\n" + token + "Connection: close\r\n\r\n"),
                400, "HTTP version");
        assertRefused(send("GET " + ROOT + "emails?$filter=%E0%A4%A HTTP/1.0\r\nHost: x\r\n" + token + "\r\n"), 400,
                "percent-encoded");
        assertRefused(send("GET " + ROOT + "emails HTTP/1.0\r\n" + token + "\r\n"), 400, "Host");
        assertRefused(send("GET " + ROOT + "emails HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(40_000) + "\r\n"
                + token + "Connection: close\r\n\r\n"), 431, "32768");
    }

    @Test
    void shouldStillServeWellFormedRequestsOnTheSameServer() throws IOException {
        Answer answer = send("GET " + ROOT + "emails?$top=1&$select=subject HTTP/1.1\r\nHost: x\r\n" + token
                + "Connection: close\r\n\r\n");
        assertEquals(200, answer.status(), answer.shown());
        assertTrue(answer.body().contains("\"value\""), answer.shown());
    }

    @Test
    void shouldRefuseABodyTheCodecCannotDecodeWithDataversesBody() throws IOException {
        // The head is well-formed and handed to its route; the chunk size that follows is no number.
        Answer answer = send("POST " + ROOT + "emails HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n" + token + "\r\nzz\r\n{}\r\n0\r\n\r\n");
        assertRefused(answer, 400, "chunked framing", "a bad chunk size");
        assertTrue(answer.closesTheConnection(), answer.shown());
        // A good first chunk, then a bad one: the body had begun to be read.
        Answer later = send("POST " + ROOT + "emails HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n" + token + "\r\n1\r\n{\r\nzz\r\n}\r\n0\r\n\r\n");
        assertRefused(later, 400, "chunked framing", "a bad second chunk size");
    }

    @Test
    void shouldRefuseARequestTargetThatIsNoPathWithDataversesBody() throws IOException {
        assertRefused(send("OPTIONS * HTTP/1.0\r\nHost: x\r\n" + token + "\r\n"), 400, "OPTIONS to a resource",
                "OPTIONS *");
        assertRefused(send("OPTIONS * HTTP/1.1\r\nHost: x\r\n" + token + "Connection: close\r\n\r\n"), 400,
                "OPTIONS to a resource", "OPTIONS * over HTTP/1.1");
        assertRefused(send("GET emails HTTP/1.0\r\nHost: x\r\n" + token + "\r\n"), 400, "starts with a slash",
                "a path without slash");
        assertRefused(send("GET api/data/v9.2/emails HTTP/1.1\r\nHost: x\r\n" + token + "Connection: close\r\n"
                + "\r\n"), 400, "starts with a slash", "the service root without slash");
    }

    private Answer send(String request) throws IOException {
        return RawHttp.send(base, request);
    }

    private static void assertRefused(Answer answer, int status, String messagePart) {
        assertRefused(answer, status, messagePart, "");
    }

    /** {@code status} with Dataverse's error body, its message naming {@code messagePart} and no internals. */
    private static void assertRefused(Answer answer, int status, String messagePart, String name) {
        String shown = name + ": " + answer.shown();
        assertEquals(status, answer.status(), shown);
        assertTrue(answer.hasHeader("Content-Type", "application/json"), shown);
        Matcher error = DATAVERSE_ERROR.matcher(answer.body());
        assertTrue(error.matches(), "not Dataverse's error body: " + shown);
        assertTrue(error.group(1).contains(messagePart), shown);
        assertFalse(HostileAnswers.INTERNAL.matcher(error.group(1)).find(), "internal detail: " + shown);
    }

    private static void assertClosesTheConnection(Answer answer) {
        assertTrue(answer.closesTheConnection(), answer.shown());
    }
}
