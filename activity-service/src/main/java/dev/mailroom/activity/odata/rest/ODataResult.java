package dev.mailroom.activity.odata.rest;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The answer to an {@link ODataCall}: status, headers and body, turned into HTTP or into a $batch part. */
public record ODataResult(int status, Map<String, String> headers, byte[] body) {

    public static final String JSON = "application/json; odata.metadata=minimal";

    public static ODataResult json(int status, byte[] body) {
        return new ODataResult(status, headers("Content-Type", JSON), body);
    }

    public static ODataResult text(int status, String contentType, String body) {
        return new ODataResult(status, headers("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8));
    }

    public static ODataResult noContent() {
        return new ODataResult(204, new LinkedHashMap<>(), new byte[0]);
    }

    public ODataResult withHeader(String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return new ODataResult(status, all, body);
    }

    private static Map<String, String> headers(String name, String value) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(name, value);
        return headers;
    }
}
