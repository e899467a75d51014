package dev.mailroom.attachment.rest;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * What the HTTP layer refuses before a resource runs, answered with the blob API's JSON error body instead of an
 * empty one: a URL that is not a valid URI or not valid percent-encoding, and any status the router ends a request
 * with (no such path, method, an oversize body).
 */
@ApplicationScoped
public class HttpRefusals {

    private static final Map<Integer, String> GENERIC = Map.of(
            400, "The request is malformed.",
            404, "There is no such resource.",
            405, "The HTTP method is not allowed on this resource.",
            413, "The request body is larger than the limit.",
            414, "The request URL is longer than the limit.",
            415, "The request body's Content-Type is not accepted here.",
            431, "The request headers are larger than the limit.",
            500, "An unexpected error occurred.");

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::check);
        GENERIC.forEach((status, message) -> router.errorHandler(status, context -> refuse(context, status,
                message)));
    }

    private void check(RoutingContext context) {
        String uri = context.request().uri();
        if (!isUri(uri)) {
            refuse(context, 400, "The request URL is not a valid URI or not correctly percent-encoded.");
            return;
        }
        context.next();
    }

    private static boolean isUri(String uri) {
        try {
            new URI(uri);
            URLDecoder.decode(uri, StandardCharsets.UTF_8);
            return true;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return false;
        }
    }

    private static void refuse(RoutingContext context, int status, String message) {
        if (context.response().ended()) {
            return;
        }
        String error = status == 500 ? "Unexpected" : "InvalidRequest";
        context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end("{\"error\":\"" + error + "\",\"message\":\"" + message + "\"}");
    }
}
