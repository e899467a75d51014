package dev.mailroom.activity.attachments;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.mailroom.eventing.http.DeclaredLength;
import dev.mailroom.eventing.http.LingeringClose;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a create of {@code activitymimeattachments} whose declared Content-Length already rules out a body within
 * {@code organization.maxuploadfilesize}, before a byte of it is read, with the error the same file would get once
 * read ({@code 0x80044a02}); the connection is closed once the client stops sending (the rest is discarded) and
 * nothing is stored.
 *
 * <p>The limit counts the Base64 text of {@code body}; the request also carries the other columns and JSON may
 * write each {@code /} of the Base64 as {@code \/} (PHP does by default), so a body at the limit can take up to
 * twice its length on the wire. Refused here is only what cannot fit even then: more than
 * {@code 2 × maxuploadfilesize + 64 KiB}. Anything smaller is read and counted exactly (AttachmentPolicy).
 */
@ApplicationScoped
public class AttachmentUploadSizeLimit {

    private static final long ENVELOPE = 64 * 1024;
    private static final String PATH = "(?i)/api/data/v[0-9.]+/activitymimeattachments/?";

    private final AttachmentPolicy policy;

    public AttachmentUploadSizeLimit(AttachmentPolicy policy) {
        this.policy = policy;
    }

    void install(@Observes Router router) {
        // After the general size limit (RequestSizeLimit, first of all), before the resource reads the body.
        router.postWithRegex(PATH).order(Integer.MIN_VALUE + 1).handler(this::check);
    }

    private void check(RoutingContext context) {
        long declared = DeclaredLength.of(context.request().getHeader(HttpHeaders.CONTENT_LENGTH));
        if (declared <= ENVELOPE) {
            context.next();
            return;
        }
        context.request().pause();
        // The organization's limit is a database read: off the event loop.
        context.vertx().executeBlocking(() -> policy.limits().maxUploadFileSize(), false).onComplete(limit -> {
            if (limit.succeeded() && declared > 2 * limit.result() + ENVELOPE) {
                context.response().setStatusCode(400)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; odata.metadata=minimal")
                        .putHeader("OData-Version", "4.0")
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end("{\"error\":{\"code\":\"0x80044a02\",\"message\":\"" + AttachmentPolicy.TOO_LARGE
                                + "\"}}")
                        // Closed once the client has stopped sending, so it reads this answer instead of a reset.
                        .onComplete(sent -> LingeringClose.after(context.vertx(), context.request()));
                return;
            }
            context.next(); // the resource resumes the paused body when it reads it
        });
    }
}
