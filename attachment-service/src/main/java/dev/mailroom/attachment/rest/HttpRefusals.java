package dev.mailroom.attachment.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.mailroom.eventing.http.EarlyRefusals;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;

/**
 * What the HTTP layer refuses before a resource runs, with the blob API's JSON error body instead of an empty one:
 * a URL or header block over the limits, a URL that is not a valid URI or percent-encoding, a bad or missing Host,
 * and any status the router ends a request with (no such path or method, an oversize body): {@link EarlyRefusals}.
 */
@ApplicationScoped
public class HttpRefusals {

    void install(@Observes Router router) {
        new EarlyRefusals(HttpRefusals::write).install(router, Integer.MIN_VALUE);
    }

    static void write(HttpServerResponse response, int status, String message) {
        String error = status == 500 ? "Unexpected" : "InvalidRequest";
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end("{\"error\":\"" + error + "\",\"message\":\"" + message + "\"}");
    }
}
