package dev.mailroom.activity.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import jakarta.inject.Inject;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import dev.mailroom.activity.odata.model.OperationDef;
import dev.mailroom.activity.odata.model.RelationDef;
import dev.mailroom.activity.odata.model.TableDef;
import dev.mailroom.activity.odata.model.TableRegistry;
import dev.mailroom.localstack.testing.TestIdentity;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Well over a thousand hostile requests across every endpoint the Web API serves: every entity set (from the table
 * registry, so a new table is covered by being declared) with the case tables under {@code src/test/resources/
 * hostile/} (bodies, URLs and query options, headers), every action and function (the attachment block messages
 * included) with hostile parameters, {@code $batch}, {@code $metadata}, sizes over every limit, encodings, and raw
 * HTTP no client library would send. Every answer must be below 500, every error Dataverse's shape (the HTTP
 * layer's own refusals included) without internal detail, and no refused request may leave a row behind.
 */
@QuarkusTest
class HostileInputTest {

    private static final String ROOT = "/api/data/v9.2/";
    /** A key no row has: a PATCH of it is an upsert that may create it. */
    private static final String NEW_KEY = UUID.randomUUID().toString();

    @Inject
    DataSource dataSource;

    @Inject
    TableRegistry registry;

    @TestHTTPResource("/")
    URL base;

    private HostileAnswers answers;

    @Test
    void shouldAnswerEveryHostileRequestWithADataverseErrorAndWriteNothing() throws Exception {
        Map<String, String> tables = new LinkedHashMap<>();
        registry.tables().forEach(table -> tables.put(table.entitySet(), table.logicalName()));
        answers = new HostileAnswers(tables, base);
        Map<String, Long> before = rowCounts(Map.of());
        String draft = draft();
        answers.created().computeIfAbsent("email", key -> new java.util.HashSet<>()).add(draft);

        bodies(draft);
        urls();
        headers();
        sizes();
        encodings();
        operations(draft);
        batches();
        metadata();
        rawHttp();

        Map<String, Long> after = rowCounts(answers.created());
        answers.writeReport(Path.of("target/hostile-report.txt"));
        List<String> problems = answers.problems();
        assertTrue(problems.isEmpty(), problems.size() + " of " + answers.requests() + " answers were wrong "
                + "(all in target/hostile-report.txt):\n" + String.join("\n", problems.subList(0,
                        Math.min(problems.size(), 60))));
        assertEquals(before, after, "refused requests changed the number of rows");
        assertTrue(answers.requests() >= 1000, "only " + answers.requests() + " hostile requests were sent");
    }

    /** Every case body, as a create and as an update (an upsert of a new key, and a change of a real draft). */
    private void bodies(String draft) throws IOException {
        for (String[] body : cases("bodies.csv", 2)) {
            for (TableDef table : registry.tables()) {
                String set = table.entitySet();
                answers.check("POST " + set + ": " + body[0], json().body(body[1]).post(ROOT + set));
                answers.check("PATCH " + set + ": " + body[0], json().body(body[1])
                        .patch(ROOT + set + "(" + NEW_KEY + ")"));
            }
            answers.check("PATCH the draft: " + body[0], json().body(body[1]).patch(ROOT + "emails(" + draft + ")"));
        }
    }

    private void urls() throws IOException {
        for (String[] url : cases("urls.csv", 2)) {
            for (TableDef table : registry.tables()) {
                String path = url[1].replace("{set}", table.entitySet()).replace("{orchain}", orChain())
                        .replace("{longfilter}", "name%20eq%20'" + "x".repeat(9000) + "'");
                // Sent as written: some are URLs no HTTP client library would build.
                answers.raw("GET " + path.substring(0, Math.min(path.length(), 80)), get(ROOT + path));
            }
        }
    }

    private void headers() throws IOException {
        for (String[] header : cases("headers.csv", 3)) {
            for (TableDef table : registry.tables()) {
                answers.check("GET " + table.entitySet() + " with " + header[0], given().urlEncodingEnabled(false)
                        .header(header[1], header[2]).get(ROOT + table.entitySet()));
            }
            answers.check("POST emails with " + header[0], json().header(header[1], header[2])
                    .body("{\"subject\":\"hostile header\"}").post(ROOT + "emails"));
        }
    }

    private void sizes() {
        String huge = "{\"subject\":\"" + "x".repeat(1_100_000) + "\"}";
        String party = "{\"participationtypemask\":2,\"addressused\":\"a@example.com\"}";
        answers.check("POST an email with 10,000 parties", json().body("{\"subject\":\"x\",\"email_activity_parties\":["
                + String.join(",", Collections.nCopies(10_000, party)) + "]}").post(ROOT + "emails"));
        answers.check("POST an email with a 300-character local part", json().body("{\"subject\":\"x\","
                + "\"email_activity_parties\":[{\"participationtypemask\":2,\"addressused\":\"" + "a".repeat(300)
                + "@example.com\"}]}").post(ROOT + "emails"));
        answers.check("POST a 300,000-character subject", json().body("{\"subject\":\"" + "s".repeat(300_000)
                + "\"}").post(ROOT + "emails"));
        for (TableDef table : registry.tables()) {
            answers.check("POST " + table.entitySet() + " over the body limit", json().body(huge)
                    .post(ROOT + table.entitySet()));
        }
        answers.refused("GET over the URL limit", 414, get(ROOT + "emails?$filter=subject%20eq%20'"
                + "x".repeat(34_000) + "'"));
        answers.check("GET with 40 KB of headers", given().header("X-Padding", "p".repeat(40_000))
                .get(ROOT + "emails"));
        answers.check("GET with 600 headers", spread(given(), 600).get(ROOT + "emails"));
        answers.raw("a chunked body over the limit", chunkedPost(ROOT + "emails", 1_200_000));
        answers.raw("a Content-Length over the limit", ("POST " + ROOT + "emails HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\nContent-Type: application/json\r\nContent-Length: 99999999\r\n"
                + "Authorization: Bearer " + TestIdentity.administratorToken() + "\r\n\r\n{}")
                .getBytes(StandardCharsets.ISO_8859_1), true);
    }

    private void encodings() {
        byte[] invalidUtf8 = {'{', '"', 's', 'u', 'b', 'j', 'e', 'c', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28,
            '"', '}'};
        byte[] utf16 = "{\"subject\":\"x\"}".getBytes(StandardCharsets.UTF_16);
        byte[] bom = ("\uFEFF{\"subject\":\"bom\"}").getBytes(StandardCharsets.UTF_8);
        for (TableDef table : registry.tables()) {
            String set = ROOT + table.entitySet();
            String one = set + "(" + UUID.randomUUID() + ")";
            answers.check("POST " + set + " without Content-Type", given().body("{}").post(set));
            answers.check("POST " + set + " as text/plain", typed("text/plain").body("{}").post(set));
            answers.check("POST " + set + " as a form", typed("application/x-www-form-urlencoded").body("a=b")
                    .post(set));
            answers.check("POST " + set + " as XML", typed("application/xml").body("<a/>").post(set));
            answers.check("POST " + set + " with invalid UTF-8", json().body(invalidUtf8).post(set));
            answers.check("POST " + set + " as UTF-16", typed("application/json; charset=utf-16").body(utf16)
                    .post(set));
            answers.check("POST " + set + " gzip that is not", json().header("Content-Encoding", "gzip")
                    .body("{}").post(set));
            answers.check("PUT " + set + " whole record", json().body("{}").put(one));
            answers.check("DELETE " + set + " missing record", given().delete(one));
            answers.check("DELETE " + set + " collection", given().delete(set));
            answers.check("PATCH " + set + " collection", json().body("{}").patch(set));
            answers.check("POST " + set + " to one record", json().body("{}").post(one));
            answers.check("OPTIONS " + set, given().options(set));
            answers.check("HEAD " + set, given().head(set));
            answers.check("TRACE " + set, given().request("TRACE", set));
            answers.check("GET " + set + "/$count with a body", json().body("{}").get(set + "/$count"));
        }
        answers.check("POST emails with a byte order mark", json().body(bom).post(ROOT + "emails"));
        answers.check("POST emails gzip-compressed", json().header("Content-Encoding", "gzip")
                .body(gzip("{\"subject\":\"zipped\"}")).post(ROOT + "emails"));
    }

    /** Every action and function, bound or not, with parameters of every wrong kind. */
    private void operations(String draft) {
        String[] bodies = {"{", "[]", "null", "\"text\"", "{\"IssueSend\":\"yes\"}", "{\"IssueSend\":null}",
            "{\"IssueSend\":true,\"TrackingToken\":\"a\\r\\nBcc: x@example.com\"}", "{\"Unknown\":1}",
            "{\"Target\":{\"@odata.type\":\"Microsoft.Dynamics.CRM.email\",\"activityid\":\"" + draft + "\"}}",
            "{\"Target\":{\"@odata.type\":\"Microsoft.Dynamics.CRM.nothing\"}}",
            "{\"Target\":\"not an entity\",\"FileName\":\"../../etc/passwd\"}",
            "{\"FileContinuationToken\":\"forged\",\"BlockId\":\"" + "A".repeat(5000) + "\",\"BlockData\":\"%%%\"}",
            "{\"FileContinuationToken\":\"\",\"BlockList\":[\"x\",null,7],\"FileName\":\"a\\u0000b.exe\"}",
            "{\"FileContinuationToken\":\"" + "x".repeat(20_000) + "\",\"Offset\":-1,\"BlockLength\":-5}",
            "{\"Offset\":99999999999999999999,\"BlockLength\":1e308}",
            "{\"TemplateId\":\"not-a-guid\",\"ObjectId\":\"00000000-0000-0000-0000-000000000000\","
                + "\"ObjectType\":\"'; DROP TABLE email; --\"}",
            "{\"Subject\":\"" + "s".repeat(10_000) + "\",\"MessageId\":\"<a>\\r\\nBcc: x\",\"From\":\"\\u0000\"}",
            "{\"Sender\":\"a\",\"SubmittedBy\":\"b\",\"Attachments\":{\"x\":1},\"ReceivedOn\":\"yesterday\"}",
            "{\"Query\":{\"EntityName\":\"contact\",\"Criteria\":\"1=1\"},\"RecipientType\":-1}",
        };
        for (OperationDef operation : registry.operations()) {
            String path = operationPath(operation, draft);
            if (operation.kind() == OperationDef.Kind.FUNCTION) {
                for (String call : List.of("(x=1)", "(Subject=@p)?@p='a%0d%0aBcc:%20x'", "(Subject=@p)",
                        "(Subject='" + "x".repeat(5000) + "')", "(Subject=@p)?@p=null&@p=1", "()?$filter=1",
                        "(MessageId=@m,Subject=@s)?@m=%27%3Ca%3E%27&@s=42")) {
                    answers.raw("GET " + operation.name() + call, get(path + call));
                }
                answers.check("POST function " + operation.name(), json().body("{}").post(path + "()"));
                continue;
            }
            for (String body : bodies) {
                answers.check(operation.name() + " " + body.substring(0, Math.min(60, body.length())),
                        json().body(body).post(path));
            }
            answers.check("GET action " + operation.name(), given().get(path));
            answers.check(operation.name() + " on a missing record", json().body("{}")
                    .post(path.replace(draft, UUID.randomUUID().toString())));
        }
        answers.check("an unknown action", json().body("{}").post(ROOT + "Microsoft.Dynamics.CRM.Nothing"));
        answers.check("an action bound to the wrong table", json().body("{}")
                .post(ROOT + "contacts(" + UUID.randomUUID() + ")/Microsoft.Dynamics.CRM.SendEmail"));
    }

    private String operationPath(OperationDef operation, String draft) {
        if (operation.boundTo() == null) {
            return ROOT + operation.name();
        }
        String set = registry.require(operation.boundTo()).entitySet();
        String record = "email".equals(operation.boundTo()) ? draft : UUID.randomUUID().toString();
        return ROOT + set + (operation.boundToCollection() ? "" : "(" + record + ")") + "/Microsoft.Dynamics.CRM."
                + operation.name();
    }

    private void batches() {
        String[] bodies = {"", "--b--", "garbage", "--b\r\n\r\n--b--",
            part("GET http://169.254.169.254/latest HTTP/1.1\r\n\r\n"),
            part("GET " + ROOT + "emails HTTP/1.1\r\nX-Bad: a\rb\r\n\r\n"),
            part("GET " + ROOT + "$batch HTTP/1.1\r\n\r\n"),
            part("POST " + ROOT + "emails HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{\"subject\":"),
            part("NOTAMETHOD " + ROOT + "emails HTTP/1.1\r\n\r\n"),
            part("GET ../../q/health HTTP/1.1\r\n\r\n"),
            part("GET " + ROOT + "emails(%zz) HTTP/1.1\r\n\r\n"),
            part("PATCH $1 HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{}"),
            "--b\r\nContent-Type: multipart/mixed; boundary=c\r\n\r\n--c\r\nContent-Type: application/http\r\n"
                + "Content-ID: 1\r\n\r\nPOST " + ROOT + "emails HTTP/1.1\r\nContent-Type: application/json\r\n\r\n"
                + "{\"subject\":\"first\"}\r\n--c\r\nContent-Type: application/http\r\nContent-ID: 2\r\n\r\nPOST "
                + ROOT + "emails HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{\"subject\":\"a\\r\\nBcc: x\"}"
                + "\r\n--c--\r\n--b--\r\n",
            "--b\r\nContent-Type: multipart/mixed; boundary=c\r\n\r\n--c\r\nContent-Type: multipart/mixed; "
                + "boundary=d\r\n\r\n--d--\r\n--c--\r\n--b--\r\n",
            String.join("", Collections.nCopies(1001, part0("GET " + ROOT + "WhoAmI HTTP/1.1\r\n\r\n")))
                + "--b--\r\n",
        };
        for (String body : bodies) {
            answers.check("$batch " + body.substring(0, Math.min(60, body.length())).replace("\r\n", " "),
                    typed("multipart/mixed; boundary=b").body(body).post(ROOT + "$batch"));
        }
        answers.check("$batch without boundary", typed("multipart/mixed").body("--x--").post(ROOT + "$batch"));
        answers.check("$batch as JSON", json().body("{\"requests\":[]}").post(ROOT + "$batch"));
        answers.check("GET $batch", given().get(ROOT + "$batch"));
    }

    private void metadata() {
        for (String suffix : List.of("$metadata?$filter=1", "$metadata#emails", "$metadata/emails",
                "$metadata?$format=json", "$metadata?$top=-1", "$metadata('x')")) {
            answers.raw("GET " + suffix, get(ROOT + suffix));
        }
        answers.check("POST $metadata", json().body("{}").post(ROOT + "$metadata"));
        answers.check("DELETE $metadata", given().delete(ROOT + "$metadata"));
        answers.check("GET $metadata as JSON only", given().accept("application/json").get(ROOT + "$metadata"));
        answers.check("GET the service document as XML only", given().accept("application/xml").get(ROOT));
        answers.check("POST the service document", json().body("{}").post(ROOT));
        answers.check("GET another API version", given().get("/api/data/v8.0/emails"));
        answers.check("GET a path outside the API", given().get("/api/data/v9.2/../../../etc/passwd"));
    }

    /** Requests no well-behaved client sends: written straight to the socket. */
    private void rawHttp() {
        String token = "Authorization: Bearer " + TestIdentity.administratorToken() + "\r\n";
        String[][] raw = {
            {"HTTP/1.0 without Host", "GET " + ROOT + "emails HTTP/1.0\r\n" + token + "\r\n"},
            {"a bad percent-encoding in the path", "GET " + ROOT + "emails(%zz) HTTP/1.0\r\nHost: x\r\n" + token
                    + "\r\n"},
            {"a truncated percent-encoding", "GET " + ROOT + "emails%Z HTTP/1.0\r\nHost: x\r\n" + token + "\r\n"},
            {"a broken UTF-8 percent-encoding", "GET " + ROOT + "emails?$filter=%E0%A4%A HTTP/1.0\r\nHost: x\r\n"
                    + token + "\r\n"},
            {"a raw quote and pipe in the URL", "GET " + ROOT + "emails?$filter=subject|\"x\" HTTP/1.0\r\n"
                    + "Host: x\r\n" + token + "\r\n"},
            {"an absolute URL to another host", "GET http://169.254.169.254" + ROOT + "emails HTTP/1.0\r\n"
                    + "Host: x\r\n" + token + "\r\n"},
            {"an unknown method", "BREW " + ROOT + "emails HTTP/1.0\r\nHost: x\r\n" + token + "\r\n"},
            {"an obsolete folded header", "GET " + ROOT + "emails HTTP/1.0\r\nHost: x\r\nX-A: 1\r\n folded\r\n"
                    + token + "\r\n"},
            {"a Host with a CRLF attempt", "GET " + ROOT + "emails HTTP/1.0\r\nHost: x%0d%0aX-Injected: 1\r\n"
                    + token + "\r\n"},
        };
        for (String[] request : raw) {
            answers.raw("raw: " + request[0], request[1]);
        }
        // Over the service's own size limits, up to the HTTP codec's: 414 and 431 from the earliest route.
        answers.refused("raw: a request line over 33 KB", 414, "GET /" + "a".repeat(33_000)
                + " HTTP/1.0\r\nHost: x\r\n\r\n");
        answers.refused("raw: a request line of 39 KB", 414, "GET " + ROOT + "emails?$filter=subject%20eq%20'"
                + "x".repeat(39_000) + "' HTTP/1.0\r\nHost: x\r\n" + token + "\r\n");
        answers.refused("raw: a header over 40 KB", 431, "GET " + ROOT + "emails HTTP/1.0\r\nHost: x\r\nX-Big: "
                + "b".repeat(40_000) + "\r\n" + token + "\r\n");
        answers.refused("raw: headers of 60 KB in two", 431, "GET " + ROOT + "emails HTTP/1.0\r\nHost: x\r\n"
                + "X-Big: " + "b".repeat(30_000) + "\r\nX-Bigger: " + "b".repeat(30_000) + "\r\n" + token
                + "\r\n");
        answers.refused("raw: 3,000 small headers", 431, "GET " + ROOT + "emails HTTP/1.0\r\nHost: x\r\n"
                + "X-Many: v\r\n".repeat(3_000) + token + "\r\n");
        // Over even the codec's limits, and what is not HTTP: refused by the codec, with Dataverse's body too.
        answers.refused("raw: a request line over the codec's 40 KB", 414, get(ROOT + "emails?$filter=subject%20eq"
                + "%20'" + "x".repeat(45_000) + "'"));
        answers.refused("raw: a request line of 200 KB", 414, "GET /" + "a".repeat(200_000)
                + " HTTP/1.1\r\nHost: x\r\n\r\n");
        answers.refused("raw: headers over the codec's 64 KB", 431, "GET " + ROOT + "emails HTTP/1.0\r\nHost: x"
                + "\r\nX-Big: " + "b".repeat(70_000) + "\r\n" + token + "\r\n");
        answers.refused("raw: 20,000 tiny headers", 431, "GET " + ROOT + "emails HTTP/1.1\r\nHost: x\r\n" + token
                + "A: b\r\n".repeat(20_000) + "\r\n");
        answers.refused("raw: an unknown HTTP version", 400, "GET " + ROOT + "emails HTTP/7.1\r\nHost: x\r\n"
                + "Connection: close\r\n" + token + "\r\n");
        for (String[] request : notHttp(token)) {
            answers.refused("raw: " + request[0], 400, request[1]);
        }
        // Accepted by the codec, and failed by Vert.x Web's routing before any route: 400 from the earliest failure
        // handler (see EarlyRefusals).
        answers.refused("raw: an asterisk target", 400, "OPTIONS * HTTP/1.0\r\nHost: x\r\n" + token + "\r\n");
        answers.refused("raw: a path without slash", 400, "GET emails HTTP/1.0\r\nHost: x\r\n" + token + "\r\n");
        // A chunk size that is no number arrives after the request was handed to its route: answered from the
        // connection's exception handler before Vert.x closes it (see CodecRefusals).
        answers.refused("raw: a bad chunk size", 400, "POST " + ROOT + "emails HTTP/1.1\r\nHost: x\r\nConnection: "
                + "close\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n" + token
                + "\r\nzz\r\n{}\r\n0\r\n\r\n");
    }

    /** Input the HTTP codec cannot decode as HTTP/1.x: 400 with Dataverse's body (see CodecRefusals). */
    private static String[][] notHttp(String token) {
        return new String[][] {
            {"garbage bytes", "\u0001\u00ff\u00fe\u0016\u0003\u0001 x\u0000y \u0080\u0081\u00c3\r\n\r\n"},
            {"a binary line", "\u00ff\u00fe\u00fd\u00fc\r\n\r\n"},
            {"HTTP/0.9", "GET " + ROOT + "emails\r\n\r\n"},
            {"a version that is no version", "GET " + ROOT + "emails HTTP/one.one\r\nHost: x\r\n" + token + "\r\n"},
            {"a raw space in the URL", "GET " + ROOT + "emails?$filter=subject eq 'x' HTTP/1.0\r\nHost: x\r\n"
                    + token + "\r\n"},
            {"a bare LF request", "GET " + ROOT + "emails HTTP/1.0\nHost: x\n" + token.replace("\r\n", "\n") + "\n"},
            {"two Content-Lengths", "POST " + ROOT + "emails HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 40\r\n" + token
                    + "\r\n{}"},
            {"Content-Length and chunked", "POST " + ROOT + "emails HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n" + token
                    + "\r\n0\r\n\r\n"},
            {"a negative Content-Length", "POST " + ROOT + "emails HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Length: -1\r\n" + token + "\r\n{}"},
            {"a header without colon", "GET " + ROOT + "emails HTTP/1.0\r\nHost: x\r\nNoColonHere\r\n" + token
                    + "\r\n"},
            {"a header name with a space", "GET " + ROOT + "emails HTTP/1.0\r\nHost: x\r\nBad Name: 1\r\n" + token
                    + "\r\n"},
            {"a token with a NUL", "GET " + ROOT + "emails HTTP/1.0\r\nHost: x\r\nAuthorization: Bearer a\u0000b"
                    + "\r\n\r\n"},
        };
    }

    @Test
    void shouldRefuseEveryHeaderInjectionThatCouldReachSmtp() {
        String[] bodies = {
            "{\"subject\":\"Hi\\r\\nBcc: victim@example.com\",\"email_activity_parties\":[{\"participationtypemask\":2,"
                    + "\"addressused\":\"a@example.com\"}]}",
            "{\"subject\":\"Hi\\nBcc: victim@example.com\",\"email_activity_parties\":[{\"participationtypemask\":2,"
                    + "\"addressused\":\"a@example.com\"}]}",
            "{\"subject\":\"Hi\\u0085Bcc: victim@example.com\"}",
            "{\"subject\":\"Hi\",\"email_activity_parties\":[{\"participationtypemask\":2,"
                    + "\"addressused\":\"a@example.com\\r\\nBcc: victim@example.com\"}]}",
            "{\"subject\":\"Hi\",\"email_activity_parties\":[{\"participationtypemask\":2,"
                    + "\"addressused\":\"a@example.com\",\"unresolvedpartyname\":\"A\\r\\nBcc: victim@example.com\"}]}",
            "{\"subject\":\"Hi\",\"email_activity_parties\":[{\"participationtypemask\":1,"
                    + "\"addressused\":\"a@example.com>\\r\\nReply-To: <evil@example.com\"}]}",
            "{\"subject\":\"Hi\",\"email_activity_parties\":[{\"participationtypemask\":2,"
                    + "\"addressused\":\"a@example.com, victim@example.com\"}]}",
            "{\"subject\":\"Hi\",\"email_activity_parties\":[{\"participationtypemask\":2,"
                    + "\"addressused\":\"Victim <victim@example.com>\"}]}",
        };
        for (String body : bodies) {
            json().body(body).post(ROOT + "emails").then().statusCode(400)
                    .body("error.code", equalTo("0x80040203"));
        }
        String id = draft();
        json().body("{\"IssueSend\":false,\"TrackingToken\":\"CRM:1\\r\\nReply-To: evil@example.com\"}")
                .post(ROOT + "emails(" + id + ")/Microsoft.Dynamics.CRM.SendEmail").then().statusCode(400);
        json().body("{\"subject\":\"x\\r\\nBcc: victim@example.com\"}").patch(ROOT + "emails(" + id + ")")
                .then().statusCode(400);
        json().body("{\"email_activity_parties\":[{\"participationtypemask\":2,\"addressused\":"
                + "\"b@example.com\\nBcc: victim@example.com\"}]}").patch(ROOT + "emails(" + id + ")")
                .then().statusCode(400);
        given().get(ROOT + "emails(" + id + ")?$select=statuscode,subject,torecipients").then().statusCode(200)
                .body("statuscode", equalTo(1)).body("subject", equalTo("Hostile draft"))
                .body("torecipients", equalTo("to@example.com"));
    }

    @Test
    void shouldIssueADraftOnceWhenFiftySendsRace() throws Exception {
        String id = draft();
        List<Integer> statuses = race(50, () -> json().body("{\"IssueSend\":true}")
                .post(ROOT + "emails(" + id + ")/Microsoft.Dynamics.CRM.SendEmail"));
        assertEquals(1, statuses.stream().filter(status -> status == 200).count(), "issued once: " + statuses);
        assertTrue(statuses.stream().allMatch(status -> status == 200 || status >= 400 && status < 500),
                statuses.toString());
        int status = given().get(ROOT + "emails(" + id + ")?$select=statuscode").then().statusCode(200).extract()
                .path("statuscode");
        assertTrue(Set.of(3, 6, 7).contains(status), "sent or pending send, was " + status);
    }

    @Test
    void shouldLetOneOfConcurrentConditionalUpdatesWin() throws Exception {
        String id = draft();
        String etag = given().get(ROOT + "emails(" + id + ")?$select=subject").then().statusCode(200).extract()
                .path("'@odata.etag'");
        List<Integer> statuses = race(20, () -> json().header("If-Match", etag)
                .body("{\"subject\":\"winner " + UUID.randomUUID() + "\"}").patch(ROOT + "emails(" + id + ")"));
        assertEquals(1, statuses.stream().filter(status -> status == 204).count(), statuses.toString());
        assertEquals(19, statuses.stream().filter(status -> status == 412).count(), statuses.toString());
        List<Integer> deletes = race(10, () -> given().delete(ROOT + "emails(" + id + ")"));
        assertEquals(1, deletes.stream().filter(status -> status == 204).count(), deletes.toString());
        assertEquals(9, deletes.stream().filter(status -> status == 404).count(), deletes.toString());
    }

    /** Sends {@code count} requests at once, each in Dataverse's error shape when refused; their statuses. */
    private static List<Integer> race(int count, java.util.function.Supplier<io.restassured.response.Response> call)
            throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(count);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<io.restassured.response.Response>> calls = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    return call.get();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (var response : calls) {
                var answer = response.get(120, java.util.concurrent.TimeUnit.SECONDS);
                statuses.add(answer.statusCode());
                if (answer.statusCode() >= 400) {
                    assertTrue(answer.body().asString().matches("(?s)\\{\"error\":\\{\"code\":\"0x.*"),
                            answer.body().asString());
                }
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A draft with a sender and a recipient, to aim operations and updates at. */
    private static String draft() {
        String entityId = json().body("{\"subject\":\"Hostile draft\",\"email_activity_parties\":["
                + "{\"participationtypemask\":1,\"addressused\":\"from@example.com\"},"
                + "{\"participationtypemask\":2,\"addressused\":\"to@example.com\"}]}")
                .post(ROOT + "emails").then().statusCode(204).extract().header("OData-EntityId");
        return entityId.replaceAll(".*\\(|\\)$", "");
    }

    private String get(String path) {
        return "GET " + path + " HTTP/1.0\r\nHost: localhost\r\nAccept: application/json\r\nAuthorization: Bearer "
                + TestIdentity.administratorToken() + "\r\n\r\n";
    }

    private static String chunkedPost(String path, int size) {
        StringBuilder request = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nAuthorization: Bearer "
                + TestIdentity.administratorToken() + "\r\n\r\n");
        String chunk = "x".repeat(65_536);
        request.append("c\r\n{\"subject\":\"\r\n");
        for (int sent = 0; sent < size; sent += chunk.length()) {
            request.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        return request.append("2\r\n\"}\r\n0\r\n\r\n").toString();
    }

    private static String part(String request) {
        return part0(request) + "--b--\r\n";
    }

    private static String part0(String request) {
        return "--b\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" + request
                + "\r\n";
    }

    private static RequestSpecification spread(RequestSpecification request, int count) {
        for (int i = 0; i < count; i++) {
            request.header("X-Many-" + i, "v");
        }
        return request;
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A request with a body of any content type, sent as the bytes it is. */
    private static RequestSpecification typed(String contentType) {
        return given().config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
                .appendDefaultContentCharsetToContentTypeIfUndefined(false)
                .encodeContentTypeAs(contentType.split(";")[0], ContentType.TEXT))).contentType(contentType);
    }

    private static RequestSpecification json() {
        return given().contentType("application/json");
    }

    private static String orChain() {
        return String.join("%20or%20", Collections.nCopies(400, "createdon%20eq%20null"));
    }

    private static List<String[]> cases(String file, int columns) throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                HostileInputTest.class.getResourceAsStream("/hostile/" + file), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\\s*\\|\\s*", columns);
                String[] row = new String[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = parts[i].trim();
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /**
     * The rows of every table, less those that accepted requests created (and their children): what must not
     * change while only refusals are answered.
     */
    private Map<String, Long> rowCounts(Map<String, Set<String>> created) throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            for (TableDef table : registry.tables()) {
                StringBuilder sql = new StringBuilder("SELECT count(*) FROM " + table.sqlTable() + " WHERE NOT (\""
                        + table.primaryKey() + "\" = ANY(?))");
                List<Set<String>> keys = new ArrayList<>(List.of(created.getOrDefault(table.logicalName(),
                        Set.of())));
                for (TableDef parent : registry.tables()) {
                    for (RelationDef relation : parent.relations()) {
                        if (relation.childTable().equals(table.logicalName())) {
                            sql.append(" AND NOT COALESCE(\"").append(relation.foreignKey())
                                    .append("\" = ANY(?), false)");
                            keys.add(created.getOrDefault(parent.logicalName(), Set.of()));
                        }
                    }
                }
                try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
                    for (int i = 0; i < keys.size(); i++) {
                        Array array = connection.createArrayOf("uuid", keys.get(i).stream().map(UUID::fromString)
                                .toArray());
                        statement.setArray(i + 1, array);
                    }
                    try (ResultSet result = statement.executeQuery()) {
                        result.next();
                        counts.put(table.logicalName(), result.getLong(1));
                    }
                }
            }
        }
        return counts;
    }
}
