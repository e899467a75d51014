package dev.mailroom.activity.odata.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;


/**
 * Refuses a request body over {@code mailroom.http.max-body-size} before it is read, with Dataverse's error
 * body (the HTTP layer's own refusal has none). Runs first on every route, from the declared Content-Length; a
 * chunked body is read against the limit before the resource runs.
 */
@ApplicationScoped
public class RequestSizeLimit {

    private final long limit;

    private final BodyHandler chunkedBodies;

    public RequestSizeLimit(@ConfigProperty(name = "mailroom.http.max-body-size") MemorySize limit) {
        this.limit = limit.asLongValue();
        this.chunkedBodies = BodyHandler.create(false).setBodyLimit(this.limit).setMergeFormAttributes(false);
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && isOver(length, limit)) {
                tooLarge(context);
                return;
            }
            if (length == null && context.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
                // A chunked body has no length to check up front: read it here, against the limit, so that going
                // over it fails the route (413 in Dataverse's shape, below) instead of the HTTP layer
                // answering with an empty 413 while the resource reads it. The resource then takes the body read.
                chunkedBodies.handle(context);
                return;
            }
            context.next();
        }).failureHandler(context -> {
            // The chunked body went over the limit (the body handler fails with 413, which Quarkus's own failure
            // handler would answer without a body).
            if (context.statusCode() == 413 && !context.response().ended()) {
                tooLarge(context);
            } else {
                context.next();
            }
        });
    }

    private void tooLarge(io.vertx.ext.web.RoutingContext context) {
        context.response().setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader("OData-Version", "4.0")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end("{\"error\":{\"code\":\"0x80060888\",\"message\":\"The request body is larger than "
                        + "the limit of " + limit + " bytes.\"}}");
    }

    private static boolean isOver(String length, long limit) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
