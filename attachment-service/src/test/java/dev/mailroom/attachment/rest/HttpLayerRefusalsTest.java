package dev.mailroom.attachment.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.mailroom.localstack.identity.LocalIdentity;
import dev.mailroom.localstack.testing.LocalStackResource;
import dev.mailroom.localstack.testing.RawHttp;
import dev.mailroom.localstack.testing.RawHttp.Answer;
import dev.mailroom.localstack.testing.TestIdentity;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What attachment-service's HTTP layer refuses before any resource runs, written byte for byte to a socket of the
 * running service: over the HTTP codec's own limits (a 40 KB request line, 64 KB of headers, thousands of headers),
 * input that is not HTTP/1.1 (garbage, HTTP/0.9, malformed headers, ambiguous framing), and what the earliest route
 * refuses (bad percent-encoding, HTTP/1.0 without Host, a request target that is no path), and a chunked body the
 * codec cannot decode. Each gets its status and the blob API's error body
 * {@code {"error":"InvalidRequest","message":"…"}}; the codec's refusals close the connection.
 */
@QuarkusTest
@WithTestResource(value = LocalStackResource.class,
        initArgs = @ResourceArg(name = "components", value = "kafka,postgres,s3"))
class HttpLayerRefusalsTest {

    private static final String BLOB = "/blobs/" + "0".repeat(64);
    private static final Pattern ERROR = Pattern.compile("\\{\"error\":\"InvalidRequest\",\"message\":\"([^\"]+)\"}");

    @TestHTTPResource("/")
    URL base;

    private final String token = "Authorization: Bearer " + TestIdentity.tokenFor(LocalIdentity.SERVICES_OBJECT_ID)
            + "\r\n";

    @Test
    void shouldRefuseWhatIsOverTheCodecsLimitsWithTheErrorBody() throws IOException {
        Answer line = send("GET /blobs/" + "0".repeat(45_000) + " HTTP/1.1\r\nHost: x\r\n" + token + "\r\n");
        assertRefused(line, 414, "32768");
        assertClosesTheConnection(line);
        Answer headers = send("GET " + BLOB + " HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(70_000) + "\r\n"
                + token + "\r\n");
        assertRefused(headers, 431, "32768");
        assertClosesTheConnection(headers);
        assertRefused(send("GET " + BLOB + " HTTP/1.1\r\nHost: x\r\n" + token + "X-Many: v\r\n".repeat(12_000)
                + "\r\n"), 431, "32768");
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
            assertRefused(answer, 400, "not well-formed HTTP");
            assertClosesTheConnection(answer);
        }
    }

    @Test
    void shouldRefuseMalformedUrlsAndMissingHostsInTheEarliestRouteWithTheErrorBody() throws IOException {
        assertRefused(send("GET /blobs/%zz HTTP/1.1\r\nHost: x\r\n" + token + "Connection: close\r\n\r\n"), 400,
                "malformed");
        assertRefused(send("GET " + BLOB + "?x=%E0%A4%A HTTP/1.1\r\nHost: x\r\n" + token
                + "Connection: close\r\n\r\n"), 400, "percent-encoded");
        assertRefused(send("GET " + BLOB + " HTTP/7.1\r\nHost: x\r\n" + token + "Connection: close\r\n\r\n"), 400,
                "HTTP version");
        assertRefused(send("GET " + BLOB + " HTTP/1.0\r\n" + token + "\r\n"), 400, "Host");
    }

    @Test
    void shouldRefuseABodyTheCodecCannotDecodeWithTheErrorBody() throws IOException {
        Answer answer = send("PUT /blobs HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                + "Transfer-Encoding: chunked\r\n" + token + "\r\nzz\r\nab\r\n0\r\n\r\n");
        assertRefused(answer, 400, "chunked framing");
        assertClosesTheConnection(answer);
        assertRefused(send("PUT /blobs HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                + "Transfer-Encoding: chunked\r\n" + token + "\r\n2\r\nab\r\nzz\r\ncd\r\n0\r\n\r\n"), 400,
                "chunked framing");
    }

    @Test
    void shouldRefuseARequestTargetThatIsNoPathWithTheErrorBody() throws IOException {
        assertRefused(send("OPTIONS * HTTP/1.0\r\nHost: x\r\n" + token + "\r\n"), 400, "OPTIONS to a resource");
        assertRefused(send("OPTIONS * HTTP/1.1\r\nHost: x\r\n" + token + "Connection: close\r\n\r\n"), 400,
                "OPTIONS to a resource");
        assertRefused(send("GET blobs/" + "0".repeat(64) + " HTTP/1.0\r\nHost: x\r\n" + token + "\r\n"), 400,
                "starts with a slash");
    }

    private Answer send(String request) throws IOException {
        return RawHttp.send(base, request);
    }

    /** {@code status} with the blob API's error body, its message naming {@code messagePart}. */
    private static void assertRefused(Answer answer, int status, String messagePart) {
        assertEquals(status, answer.status(), answer.shown());
        assertTrue(answer.hasHeader("Content-Type", "application/json"), answer.shown());
        Matcher error = ERROR.matcher(answer.body());
        assertTrue(error.matches(), "not the blob API's error body: " + answer.shown());
        assertTrue(error.group(1).contains(messagePart), answer.shown());
    }

    private static void assertClosesTheConnection(Answer answer) {
        assertTrue(answer.closesTheConnection(), answer.shown());
    }
}
