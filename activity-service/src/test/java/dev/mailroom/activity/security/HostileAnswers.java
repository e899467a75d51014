package dev.mailroom.activity.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
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
    private int codecRefusals;

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

    /**
     * A request no answer can be written to (a chunk size that is no number, found after the request was handed to
     * its route): Vert.x closes the connection, or answers with a 4xx. It must never be served or become a 5xx.
     */
    void codec(String name, String request) {
        requests++;
        codecRefusals++;
        String answer;
        try {
            answer = send(request.getBytes(StandardCharsets.ISO_8859_1), false);
        } catch (IOException e) {
            return;
        }
        String statusLine = answer.lines().findFirst().orElse("");
        if (!answer.isEmpty() && !statusLine.matches("HTTP/\\d\\.\\d 4\\d\\d .*")) {
            problems.add(name + " -> not refused by the HTTP codec: " + shorten(answer));
        }
    }

    int codecRefusals() {
        return codecRefusals;
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
        String answer;
        try {
            answer = send(request, halfClose);
        } catch (IOException e) {
            requests++;
            problems.add(name + " -> no answer: " + e.getMessage());
            return 999;
        }
        String statusLine = answer.lines().findFirst().orElse("");
        int status = statusLine.matches("HTTP/\\d\\.\\d \\d{3}.*") ? Integer.parseInt(statusLine.substring(9, 12))
                : 999;
        int bodyStart = answer.indexOf("\r\n\r\n");
        String head = bodyStart < 0 ? answer : answer.substring(0, bodyStart);
        String body = bodyStart < 0 ? "" : answer.substring(bodyStart + 4);
        if (head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
            body = dechunk(body);
        }
        check(name, status, status == 999 ? "[" + shorten(answer) + "]" : body, null, false);
        return status;
    }

    private String send(byte[] request, boolean halfClose) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            if (halfClose) {
                socket.shutdownOutput();
            }
            // The server closes the connection after its answer (HTTP/1.0, or Connection: close); it may close it
            // while a refused body is still being written, which is no error of the answer.
            InputStream in = socket.getInputStream();
            java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
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
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
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

    void writeReport(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, requests + " hostile requests (" + codecRefusals + " refused by the HTTP codec); "
                + "statuses " + statuses + "; " + problems.size()
                + " wrong answers\n" + String.join("\n", problems) + "\n");
    }

    private static String shorten(String text) {
        return text.length() <= 240 ? text : text.substring(0, 240) + "…";
    }
}
