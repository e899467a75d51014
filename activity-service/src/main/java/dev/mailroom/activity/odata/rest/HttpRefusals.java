package dev.mailroom.activity.odata.rest;

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
 * header block over our limits (checked below the HTTP server's own, larger, limits), a path that is not valid
 * percent-encoding, an HTTP/1.0 request without {@code Host}, and any status the router ends a request with
 * before a resource runs. Requests beyond even the server's limits (64 KB of headers, 40 KB of request line)
 * are cut off by Vert.x with a bare status; see docs/security.md.
 */
@ApplicationScoped
public class HttpRefusals {

    /** The longest request URL (Dataverse: 32 KB). */
    static final int MAX_URL = 32_768;
    /** The largest header block. */
    static final int MAX_HEADERS = 32_768;

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
        if (!decodes(uri)) {
            refuse(context, 400, "The request URL is not correctly percent-encoded.");
            return;
        }
        context.next();
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
