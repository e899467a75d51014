package dev.mailroom.activity.odata.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;


/**
 * Refuses a request body over {@code quarkus.http.limits.max-body-size} before it is read, with Dataverse's error
 * body (the HTTP layer's own refusal has none). Runs first on every route, from the declared Content-Length; a
 * chunked body over the limit is still cut off by the HTTP layer.
 */
@ApplicationScoped
public class RequestSizeLimit {

    private final long limit;

    public RequestSizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        this.limit = limit.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && isOver(length, limit)) {
                context.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader("OData-Version", "4.0")
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end("{\"error\":{\"code\":\"0x80060888\",\"message\":\"The request body is larger than "
                                + "the limit of " + limit + " bytes.\"}}");
                return;
            }
            context.next();
        });
    }

    private static boolean isOver(String length, long limit) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
