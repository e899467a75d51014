package dev.mailroom.activity.odata.rest;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.mailroom.activity.odata.model.StreamedValue;

/**
 * The answer to an {@link ODataCall}: status, headers and body, turned into HTTP or into a $batch part. A large
 * value (a file) comes as {@code stream} instead of {@code body}, written to the response as it is read.
 */
public record ODataResult(int status, Map<String, String> headers, byte[] body, StreamedValue stream) {

    public ODataResult(int status, Map<String, String> headers, byte[] body) {
        this(status, headers, body, null);
    }

    /** A value written straight to the HTTP response, with its length when known (-1 otherwise). */
    public static ODataResult streamed(StreamedValue value) {
        Map<String, String> headers = headers("Content-Type", value.contentType());
        if (value.length() >= 0) {
            headers.put("Content-Length", String.valueOf(value.length()));
        }
        return new ODataResult(200, headers, new byte[0], value);
    }

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
        return new ODataResult(status, all, body, stream);
    }

    private static Map<String, String> headers(String name, String value) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(name, value);
        return headers;
    }
}
