package dev.mailroom.attachment.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.attachment.repository.BlobRepository;
import dev.mailroom.localstack.identity.LocalIdentity;
import dev.mailroom.localstack.testing.LocalStackResource;
import dev.mailroom.localstack.testing.RawHttp;
import dev.mailroom.localstack.testing.RawHttp.Answer;
import dev.mailroom.localstack.testing.TestIdentity;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Hostile requests against attachment-service's own HTTP API, with a service's valid token (so they reach the
 * resources): hashes, paths, ranges, compose bodies, content types, methods and raw HTTP. Every answer is below
 * 500; every error is the blob API's JSON body {@code {"error":"…","message":"…"}} without internal detail; and no
 * refused request stores a blob.
 */
@QuarkusTest
@WithTestResource(value = LocalStackResource.class,
        initArgs = @ResourceArg(name = "components", value = "kafka,postgres,s3"))
class HostileBlobRequestsTest {

    private static final Pattern ERROR = Pattern.compile("(?s)\\{\"error\":\"[A-Za-z]+\",\"message\":\".*\"}");
    private static final Pattern INTERNAL = Pattern.compile("Exception|\\bat [a-z]+\\.|java\\.|org\\.|com\\."
            + "|jackson|SQL|PSQL|Source: |line: \\d|column: \\d|minio|vertx|netty|quarkus|Unrecognized token",
            Pattern.CASE_INSENSITIVE);
    private static final String SERVICE_TOKEN = TestIdentity.tokenFor(LocalIdentity.SERVICES_OBJECT_ID);

    @Inject
    BlobRepository repository;

    @TestHTTPResource("/")
    URL base;

    private final List<String> problems = new ArrayList<>();
    private int requests;

    @Test
    void shouldRefuseEveryHostileBlobRequestWithItsErrorBodyAndStoreNothing() throws Exception {
        long before = repository.count();
        String[] hashes = {"not-a-hash", "0", "g".repeat(64), "A".repeat(64), "0".repeat(63), "0".repeat(65),
            "..%2F..%2Fetc%2Fpasswd", "%00", "0".repeat(64) + "%00", "0".repeat(64) + ";x", "'%20OR%201=1--",
            "x".repeat(3000), "%E0%A4%A", "%zz", "%2e%2e", "0".repeat(64) + "/../..", "*", "$"};
        for (String hash : hashes) {
            raw("GET " + hash, "GET /blobs/" + hash + " HTTP/1.0\r\nHost: x\r\n" + auth() + "\r\n");
            raw("POST references " + hash, "POST /blobs/" + hash + "/references HTTP/1.0\r\nHost: x\r\n"
                    + "Content-Length: 0\r\n" + auth() + "\r\n");
            raw("DELETE references " + hash, "DELETE /blobs/" + hash + "/references HTTP/1.0\r\nHost: x\r\n"
                    + auth() + "\r\n");
        }
        String missing = "0".repeat(64);
        for (String range : List.of("offset=-1", "length=0", "length=-5", "offset=abc", "offset=1e9",
                "offset=99999999999999999999", "offset=0&length=NaN", "offset=&length=", "offset=1&offset=2")) {
            check("range " + range, service().get("/blobs/" + missing + "?" + range));
        }
        String[] composes = {"", "{", "[]", "null", "\"x\"", "{\"parts\":null}", "{\"parts\":[]}",
            "{\"parts\":\"x\"}", "{\"parts\":[1,2]}", "{\"parts\":[\"not-a-hash\"]}", "{\"parts\":[\"" + missing
                + "\"]}", "{\"parts\":[\"" + missing + "\"],\"mimeType\":\"text/plain\\r\\nX-Injected: 1\"}",
            "{\"parts\":[" + String.join(",", Collections.nCopies(20_000, "\"" + missing + "\"")) + "]}",
            "{\"parts\":[\"" + missing + "\"],\"mimeType\":{\"a\":1}}", "{\"parts\":[\"" + missing + "\"]}{}",
            "{\"parts\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}"};
        for (String body : composes) {
            check("compose " + body.substring(0, Math.min(60, body.length())), service().contentType("application/json")
                    .body(body).post("/blobs/compose"));
            check("compose as text " + body.substring(0, Math.min(40, body.length())), typed("text/plain")
                    .body(body).post("/blobs/compose"));
        }
        for (String type : List.of("", "garbage", "text/plain\r\nX-Injected: 1", "a/b; charset=\"", "*/*",
                "multipart/form-data; boundary=", "x".repeat(5000) + "/y")) {
            check("upload typed " + type.substring(0, Math.min(40, type.length())), service()
                    .header("Content-Type", type).body(new byte[0]).put("/blobs"));
        }
        for (String method : List.of("POST", "PATCH", "DELETE", "OPTIONS", "TRACE")) {
            check(method + " /blobs", service().request(method, "/blobs"));
            check(method + " a blob", service().request(method, "/blobs/" + missing));
        }
        check("GET /blobs", service().get("/blobs"));
        check("PUT a blob by hash", typed("application/pdf").body("x").put("/blobs/" + missing));
        check("GET an unknown path", service().get("/nothing/here"));
        check("GET with 600 headers", spread(service(), 600).get("/blobs/" + missing));
        raw("HTTP/1.0 without Host", "GET /blobs/" + missing + " HTTP/1.0\r\n" + auth() + "\r\n");
        raw("a raw pipe in the URL", "GET /blobs/a|b HTTP/1.0\r\nHost: x\r\n" + auth() + "\r\n");
        // Over the blob API's own size limits, up to the HTTP codec's: refused with the error body (414, 431).
        raw("a URL over 32 KB", "GET /blobs/" + "0".repeat(33_000) + " HTTP/1.0\r\nHost: x\r\n" + auth() + "\r\n");
        raw("a URL of 39 KB", "GET /blobs/" + "0".repeat(39_000) + " HTTP/1.0\r\nHost: x\r\n" + auth() + "\r\n");
        raw("a header of 40 KB", "GET /blobs/" + missing + " HTTP/1.0\r\nHost: x\r\nX-Big: " + "b".repeat(40_000)
                + "\r\n" + auth() + "\r\n");
        raw("headers of 60 KB", "GET /blobs/" + missing + " HTTP/1.0\r\nHost: x\r\nX-Big: " + "b".repeat(30_000)
                + "\r\nX-Bigger: " + "b".repeat(30_000) + "\r\n" + auth() + "\r\n");
        refused("a URL over 32 KB", 414, "GET /blobs/" + "0".repeat(33_000) + " HTTP/1.0\r\nHost: x\r\n" + auth()
                + "\r\n");
        refused("a header of 40 KB", 431, "GET /blobs/" + missing + " HTTP/1.0\r\nHost: x\r\nX-Big: "
                + "b".repeat(40_000) + "\r\n" + auth() + "\r\n");
        // Over even the codec's limits, and what is not HTTP: refused by the codec, with the error body too.
        refused("a request line over 40 KB", 414, "GET /blobs/" + "0".repeat(45_000) + " HTTP/1.0\r\nHost: x\r\n"
                + auth() + "\r\n");
        refused("a request line of 200 KB", 414, "GET /blobs/" + "0".repeat(200_000) + " HTTP/1.1\r\nHost: x\r\n"
                + "\r\n");
        refused("headers over 64 KB", 431, "GET /blobs/" + missing + " HTTP/1.0\r\nHost: x\r\nX-Big: "
                + "b".repeat(70_000) + "\r\n" + auth() + "\r\n");
        refused("20,000 tiny headers", 431, "GET /blobs/" + missing + " HTTP/1.1\r\nHost: x\r\n" + auth()
                + "A: b\r\n".repeat(20_000) + "\r\n");
        String[][] notHttp = {
            {"garbage bytes", "\u0001\u00ff\u00fe\u0016\u0003\u0001 x\u0000y \u0080\u0081\u00c3\r\n\r\n"},
            {"HTTP/0.9", "GET /blobs/" + missing + "\r\n\r\n"},
            {"an unknown HTTP version", "GET /blobs/" + missing + " HTTP/7.1\r\nHost: x\r\nConnection: close\r\n"
                    + auth() + "\r\n"},
            {"a raw space in the URL", "GET /blobs/a b HTTP/1.0\r\nHost: x\r\n" + auth() + "\r\n"},
            {"a header without colon", "GET /blobs/" + missing + " HTTP/1.0\r\nHost: x\r\nNoColonHere\r\n"
                    + auth() + "\r\n"},
            {"a header name with a space", "GET /blobs/" + missing + " HTTP/1.1\r\nHost: x\r\nBad Name: 1\r\n"
                    + auth() + "\r\n"},
            {"bare LF line ends", "GET /blobs/" + missing + " HTTP/1.1\nHost: x\n" + auth().replace("\r\n", "\n")
                    + "\n"},
            {"two Content-Lengths", "PUT /blobs HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Content-Type: text/plain\r\nContent-Length: 2\r\nContent-Length: 9\r\n" + auth() + "\r\nab"},
            {"Content-Length and chunked", "PUT /blobs HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n" + auth() + "\r\n0\r\n\r\n"},
        };
        for (String[] request : notHttp) {
            refused(request[0], 400, request[1]);
        }
        // A chunk size that is no number arrives after the request was handed to its route: answered before Vert.x
        // closes the connection (eventing's CodecRefusals). A target that is no path fails Vert.x Web's routing.
        refused("an asterisk target", 400, "OPTIONS * HTTP/1.0\r\nHost: x\r\n" + auth() + "\r\n");
        refused("a path without slash", 400, "GET blobs HTTP/1.0\r\nHost: x\r\n" + auth() + "\r\n");
        refused("a bad chunk size", 400, "PUT /blobs HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n" + auth() + "\r\nzz\r\nab\r\n0\r\n\r\n");

        assertTrue(problems.isEmpty(), problems.size() + " of " + requests + " answers were wrong:\n"
                + String.join("\n", problems));
        assertEquals(before, repository.count(), "refused requests stored blobs");
        assertTrue(requests >= 100, "only " + requests + " hostile requests were sent");
    }

    private void check(String name, Response response) {
        check(name, response.statusCode(), response.body().asString());
    }

    private void check(String name, int status, String body) {
        requests++;
        if (status >= 500 || status < 100) {
            problems.add(name + " -> " + status + " " + shorten(body));
        } else if (status >= 400 && !ERROR.matcher(body).matches()) {
            problems.add(name + " -> " + status + " not the blob API's error body: " + shorten(body));
        } else if (status >= 400 && INTERNAL.matcher(body.substring(body.indexOf("\"message\":"))).find()) {
            problems.add(name + " -> " + status + " shows internal detail: " + shorten(body));
        }
    }

    /**
     * A request refused before any resource runs, by the earliest route or by the HTTP codec (over a size limit,
     * not HTTP): {@code status} with the blob API's error body, never a bare one.
     */
    private void refused(String name, int status, String request) throws IOException {
        Answer answer = send(request);
        // Vert.x writes the request's version back in the status line, HTTP/7.1 included.
        if (answer.status() != status || !answer.body().contains("\"error\":\"InvalidRequest\"")) {
            requests++;
            problems.add(name + " -> not " + status + " with the error body: " + shorten(answer.text()));
        } else {
            check(name, status, answer.body());
        }
    }

    private void raw(String name, String request) throws IOException {
        Answer answer = send(request);
        int status = answer.status() < 0 ? 999 : answer.status();
        check(name, status, status == 999 ? "[" + shorten(answer.text()) + "]" : answer.body());
    }

    /** The answer to {@code request} as written; none (the connection reset before a byte) counts as no answer. */
    private Answer send(String request) throws IOException {
        try {
            return RawHttp.send(base, request);
        } catch (java.net.SocketException reset) {
            return new Answer("");
        }
    }

    private static String auth() {
        return "Authorization: Bearer " + SERVICE_TOKEN + "\r\n";
    }

    private static RequestSpecification service() {
        return given().noFilters().header("Authorization", "Bearer " + SERVICE_TOKEN);
    }

    private static RequestSpecification typed(String contentType) {
        return service().config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
                .appendDefaultContentCharsetToContentTypeIfUndefined(false)
                .encodeContentTypeAs(contentType, ContentType.TEXT))).contentType(contentType);
    }

    private static RequestSpecification spread(RequestSpecification request, int count) {
        for (int i = 0; i < count; i++) {
            request.header("X-Many-" + i, "v");
        }
        return request;
    }

    private static String shorten(String text) {
        return text.length() <= 240 ? text : text.substring(0, 240) + "…";
    }
}
