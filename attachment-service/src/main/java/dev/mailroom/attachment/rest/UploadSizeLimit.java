package dev.mailroom.attachment.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.mailroom.attachment.config.BlobConfig;
import dev.mailroom.attachment.service.BlobTooLargeException;
import dev.mailroom.eventing.http.DeclaredLength;
import dev.mailroom.eventing.http.LingeringClose;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses an upload whose declared Content-Length is over {@code attachments.blobs.max-size} before a byte of its
 * body is stored, then closes the connection once the client stops sending (a lingering close: the rest of the body
 * is discarded, never stored). It runs first on {@code PUT /blobs},
 * before authentication: the answer tells only the limit. A chunked body has no length to check up front; it is
 * counted as it streams and refused when it goes over (BlobService).
 */
@ApplicationScoped
public class UploadSizeLimit {

    private final long limit;

    public UploadSizeLimit(BlobConfig config) {
        this.limit = config.maxSize();
    }

    void install(@Observes Router router) {
        router.put("/blobs").order(Integer.MIN_VALUE).handler(this::check);
    }

    private void check(RoutingContext context) {
        if (DeclaredLength.of(context.request().getHeader(HttpHeaders.CONTENT_LENGTH)) > limit) {
            context.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end("{\"error\":\"BlobTooLarge\",\"message\":\""
                            + new BlobTooLargeException(limit).getMessage() + "\"}")
                    // Closed once the client has stopped sending, so it reads this answer instead of a reset.
                    .onComplete(sent -> LingeringClose.after(context.vertx(), context.request()));
            return;
        }
        context.next();
    }
}
