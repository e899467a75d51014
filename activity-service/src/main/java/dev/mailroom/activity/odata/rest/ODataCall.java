package dev.mailroom.activity.odata.rest;

import java.util.Map;

/**
 * One Web API request, whether it came over HTTP or inside a $batch: method, the still-encoded path after the
 * service root and query, the headers that matter (lower-case names), the body and the absolute service root.
 */
public record ODataCall(String method, String path, String query, Map<String, String> headers, String body,
        String serviceRoot) {

    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
