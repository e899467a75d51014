package dev.mailroom.activity.security;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mailroom.localstack.testing.RawHttp;
import io.restassured.response.Response;

/**
 * What the hostile-input suite demands of every answer: below 500; an error in Dataverse's shape
 * {@code {"error":{"code":"0x…","message":"…"}}}, the HTTP layer's own refusals included; no internal detail in the
 * message. Collects every wrong answer (written to {@code target/hostile-report.txt}) and the rows accepted
 * requests created, so that the suite can tell a refused request that wrote something.
 */
final class HostileAnswers {

    private static final Pattern ENTITY_ID = Pattern.compile(".*/([a-z]+)\\(([0-9a-f-]{36})\\)$");
    private static final Pattern DATAVERSE_ERROR =
            Pattern.compile("(?s)\\{\"error\":\\{\"code\":\"0x[0-9a-f]{8}\",\"message\":\".*\"}}");
    /** What an error message must never show: stack traces, class names, SQL, parser internals. */
    static final Pattern INTERNAL = Pattern.compile("Exception|\\bat [a-z]+\\.|java\\.|org\\.|com\\.|jackson|olingo"
            + "|\\bSQL\\b|syntax error at|PSQL|Source: |line: \\d|column: \\d|\\$Proxy|null pointer|vertx|netty"
            + "|quarkus|\\bStream\\b|Unrecognized token|Unexpected character|\\[Source",
            Pattern.CASE_INSENSITIVE);

    private final Map<String, String> tables;
    private final URL base;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Set<String>> created = new HashMap<>();
    private final Map<Integer, Integer> statuses = new java.util.TreeMap<>();
    private int requests;

    HostileAnswers(Map<String, String> tables, URL base) {
        this.tables = tables;
        this.base = base;
    }

    int requests() {
        return requests;
    }

    List<String> problems() {
        return problems;
    }

    /** Rows accepted requests created, by table. */
    Map<String, Set<String>> created() {
        return created;
    }

    void check(String name, Response response) {
        check(name, response.statusCode(), response.body().asString(), response.header("OData-EntityId"),
                name.startsWith("HEAD "));
    }

    void check(String name, int status, String body, String entityId, boolean bodiless) {
        requests++;
        statuses.merge(status, 1, Integer::sum);
        if (status < 300 && entityId != null) {
            Matcher matcher = ENTITY_ID.matcher(entityId);
            if (matcher.matches() && tables.containsKey(matcher.group(1))) {
                created.computeIfAbsent(tables.get(matcher.group(1)), key -> new HashSet<>()).add(matcher.group(2));
            }
        }
        if (status >= 500 || status < 100) {
            problems.add(name + " -> " + status + " " + shorten(body));
        } else if (status >= 400 && !bodiless) {
            if (!DATAVERSE_ERROR.matcher(body).matches()) {
                problems.add(name + " -> " + status + " not Dataverse's error shape: " + shorten(body));
            } else if (INTERNAL.matcher(body.substring(body.indexOf("\"message\":"))).find()) {
                problems.add(name + " -> " + status + " shows internal detail: " + shorten(body));
            }
        }
    }

    /** Sends {@code request} as written (HTTP/1.0, or with Connection: close) and checks the answer. */
    void raw(String name, String request) {
        raw(name, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    void raw(String name, byte[] request) {
        raw(name, request, false);
    }

    /**
     * A request refused before any resource runs, by the earliest route or by the HTTP codec (over a size limit,
     * not HTTP): it must be refused with {@code status} and Dataverse's error body, never a bare one.
     */
    void refused(String name, int status, String request) {
        int answered = raw(name, request.getBytes(StandardCharsets.ISO_8859_1), false);
        if (answered != status) {
            problems.add(name + " -> " + answered + " instead of " + status);
        }
    }

    /**
     * With {@code halfClose}, the client says it has sent all it will (a body shorter than announced). Returns the
     * status answered (999 for none).
     */
    int raw(String name, byte[] request, boolean halfClose) {
        RawHttp.Answer answer;
        try {
            answer = RawHttp.send(base, request, halfClose);
        } catch (IOException e) {
            requests++;
            problems.add(name + " -> no answer: " + e.getMessage());
            return 999;
        }
        int status = answer.status() < 0 ? 999 : answer.status();
        check(name, status, status == 999 ? "[" + shorten(answer.text()) + "]" : answer.body(), null, false);
        return status;
    }

    void writeReport(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, requests + " hostile requests; statuses " + statuses + "; " + problems.size()
                + " wrong answers\n" + String.join("\n", problems) + "\n");
    }

    private static String shorten(String text) {
        return text.length() <= 240 ? text : text.substring(0, 240) + "…";
    }
}
