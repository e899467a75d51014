package dev.mailroom.activity.odata.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.mailroom.eventing.http.EarlyRefusals;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * What the HTTP layer refuses before a resource runs, in Dataverse's error shape instead of an empty body: a URL or
 * header block over the limits, a URL that is not a valid URI or percent-encoding, a bad or missing Host, and any
 * status the router ends a request with ({@link EarlyRefusals}). Runs second, after {@link RequestSizeLimit}.
 */
@ApplicationScoped
public class HttpRefusals {

    void install(@Observes Router router) {
        new EarlyRefusals(HttpRefusals::write)
                .withMessage(415, "The request body must be JSON (Content-Type: application/json).")
                .install(router, Integer.MIN_VALUE + 1);
    }

    static void write(io.vertx.core.http.HttpServerResponse response, int status, String message) {
        String code = status == 500 ? "0x80040216" : "0x80060888";
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader("OData-Version", "4.0")
                .end("{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}");
    }
}
