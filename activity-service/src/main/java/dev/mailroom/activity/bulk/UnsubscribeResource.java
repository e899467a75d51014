package dev.mailroom.activity.bulk;

import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.error.ErrorResponse;
import dev.mailroom.activity.odata.sql.RecordStore;
import dev.mailroom.templating.UnsubscribeLinks.Unsubscribe;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The one-click unsubscribe links of bulk email (RFC 8058), which bulk-mail-service puts in each email's
 * List-Unsubscribe header. A POST (the mailbox provider's "Unsubscribe" button, or the page's button) sets the
 * recipient's {@code donotbulkemail}, so later bulk jobs skip it; a GET only shows that button, because link
 * scanners and previews open links without anyone asking to unsubscribe. No bearer token: the signed link is the
 * authority, and it can only opt its one recipient out of bulk email.
 */
@Path("/unsubscribe/{token}")
@Tag(name = "Bulk email unsubscribe")
public class UnsubscribeResource {

    private static final Logger LOG = Logger.getLogger(UnsubscribeResource.class);
    private static final String NOT_VALID = "This unsubscribe link is not valid.";

    private final UnsubscribeTokens tokens;
    private final RecordStore store;
    private final MeterRegistry meters;

    public UnsubscribeResource(UnsubscribeTokens tokens, RecordStore store, MeterRegistry meters) {
        this.tokens = tokens;
        this.store = store;
        this.meters = meters;
    }

    @GET
    @Operation(summary = "A page with the button that unsubscribes (opening the link changes nothing)")
    public Response page(@PathParam("token") String token) {
        if (verified(token).isEmpty()) {
            return Response.status(404).type(MediaType.TEXT_HTML).entity(page(NOT_VALID, false)).build();
        }
        return Response.ok(page("Unsubscribe from our bulk email?", true), MediaType.TEXT_HTML).build();
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Unsubscribe the link's recipient from bulk email (List-Unsubscribe=One-Click)")
    public Response unsubscribe(@PathParam("token") String token) {
        Optional<Unsubscribe> unsubscribe = verified(token);
        if (unsubscribe.isEmpty()) {
            return Response.status(404).type(MediaType.APPLICATION_JSON)
                    .entity(ErrorResponse.of(DataverseError.OBJECT_DOES_NOT_EXIST, NOT_VALID)).build();
        }
        Unsubscribe who = unsubscribe.get();
        // The table comes from the verified token's fixed list (contact, account, lead), never from the request.
        int changed = store.execute("UPDATE " + who.table() + " SET donotbulkemail = TRUE, modifiedon = now(), "
                + "versionnumber = versionnumber + 1 WHERE " + who.table() + "id = ? AND NOT donotbulkemail",
                List.of(who.recipientId()));
        if (changed > 0) {
            // Recipients opted out (not clicks: a repeat changes nothing), by table; a rate after a campaign says how
            // it was received.
            meters.counter("mailroom.unsubscribes", "table", who.table()).increment();
            LOG.infof("The %s %s unsubscribed from bulk email (link of bulk job %s)", who.table(), who.recipientId(),
                    who.jobId());
        }
        // The same answer whether the record was changed now, before, or no longer exists: a link tells no more.
        return Response.ok(page("You are unsubscribed: you will get no more bulk email from us.", false),
                MediaType.TEXT_HTML).build();
    }

    private Optional<Unsubscribe> verified(String token) {
        return tokens.verify(token);
    }

    private static String page(String text, boolean button) {
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Unsubscribe</title></head><body><p>"
                + text + "</p>" + (button ? "<form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\" "
                        + "value=\"One-Click\"><button type=\"submit\">Unsubscribe</button></form>" : "")
                + "</body></html>";
    }
}
