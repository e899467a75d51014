package dev.mailroom.activity.odata.rest;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * What the HTTP layer refuses on its own, answered in Dataverse's error shape instead of an empty body: a URL or
 * header block over our limits (checked below the HTTP server's own, larger, limits), a URL that is not a valid
 * URI or not valid percent-encoding, an HTTP/1.0 request without {@code Host}, and any status the router ends a
 * request with before a resource runs (the URI check is Quarkus's, taken over: see ActivityServiceMain); also a
 * Host header that is no host name, which would otherwise end up in the service root. Requests beyond even the
 * server's limits (64 KB of headers, 40 KB of request line), or that its HTTP codec cannot parse, are cut off by
 * Vert.x with a bare status; see docs/security.md.
 */
@ApplicationScoped
public class HttpRefusals {

    /** The longest request URL (Dataverse: 32 KB). */
    static final int MAX_URL = 32_768;
    /** The largest header block. */
    static final int MAX_HEADERS = 32_768;

    /** A host name, IPv4 or bracketed IPv6 address, and an optional port: what the service root is built from. */
    private static final java.util.regex.Pattern HOST = java.util.regex.Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})?|\\[[0-9A-Fa-f:.]+])(?::\\d{1,5})?");

    private static final Map<Integer, String> GENERIC = Map.of(
            400, "The request is malformed.",
            404, "The requested resource does not exist.",
            405, "The requested HTTP method is not allowed on this resource.",
            413, "The request body is larger than the limit.",
            414, "The request URL is longer than the limit of " + MAX_URL + " characters.",
            415, "The request body must be JSON (Content-Type: application/json).",
            431, "The request headers are larger than the limit of " + MAX_HEADERS + " bytes.");

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::check);
        GENERIC.forEach((status, message) -> router.errorHandler(status, context -> refuse(context, status,
                message)));
        router.errorHandler(500, context -> refuse(context, 500, "An unexpected error occurred."));
    }

    private void check(RoutingContext context) {
        var request = context.request();
        if (request.version() == HttpVersion.HTTP_1_0 && request.getHeader(HttpHeaders.HOST) == null) {
            refuse(context, 400, "An HTTP/1.0 request needs a Host header.");
            return;
        }
        String uri = request.uri();
        if (uri.length() > MAX_URL) {
            refuse(context, 414, GENERIC.get(414));
            return;
        }
        long headerBytes = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            headerBytes += header.getKey().length() + header.getValue().length() + 4;
        }
        if (headerBytes > MAX_HEADERS) {
            refuse(context, 431, GENERIC.get(431));
            return;
        }
        String host = request.getHeader(HttpHeaders.HOST);
        if (host != null && !HOST.matcher(host).matches()) {
            refuse(context, 400, "The Host header is not a host name and port.");
            return;
        }
        if (!isUri(uri) || !decodes(uri)) {
            refuse(context, 400, "The request URL is not a valid URI or not correctly percent-encoded.");
            return;
        }
        context.next();
    }

    private static boolean isUri(String uri) {
        try {
            new URI(uri);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean decodes(String uri) {
        try {
            URLDecoder.decode(uri, StandardCharsets.UTF_8);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void refuse(RoutingContext context, int status, String message) {
        if (context.response().ended()) {
            return;
        }
        String code = status == 500 ? "0x80040216" : "0x80060888";
        context.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader("OData-Version", "4.0")
                .end("{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}");
    }
}
