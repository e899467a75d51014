package dev.mailroom.activity.rest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.mailroom.activity.EmailActivity;
import dev.mailroom.activity.service.EmailActivityService;

/**
 * The {@code emails} entity set and its bound SendEmail action. Clients write {@code emails(<guid>)};
 * {@link ODataKeyRewriteFilter} turns that into the {@code emails/<guid>} these templates match.
 */
@Path("/api/data/v9.2")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "emails")
public class EmailActivityResource {

    private final EmailActivityService service;
    private final EmailRequestReader reader;

    public EmailActivityResource(EmailActivityService service, EmailRequestReader reader) {
        this.service = service;
        this.reader = reader;
    }

    @POST
    @Path("emails")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an email activity (Draft)")
    public Response createEmail(String body, @HeaderParam(ODataHeaders.PREFER) String prefer,
            @Context UriInfo uriInfo) {
        EmailActivity email = service.createEmail(reader.readCreate(body));
        String root = ODataHeaders.serviceRoot(uriInfo);
        if (ODataHeaders.wantsRepresentation(prefer)) {
            return odata(Response.status(Response.Status.CREATED)).type(ODataHeaders.JSON_MINIMAL_METADATA)
                    .header(ODataHeaders.PREFERENCE_APPLIED, ODataHeaders.RETURN_REPRESENTATION)
                    .entity(EmailActivityResponse.from(email, root, Set.of(), false))
                    .build();
        }
        return odata(Response.noContent())
                .header(ODataHeaders.ENTITY_ID, root + "emails(" + email.activityid + ")")
                .build();
    }

    @GET
    @Path("emails/{key}")
    @Operation(summary = "Retrieve an email activity")
    public Response getEmail(@PathParam("key") String key, @QueryParam("$select") String select,
            @QueryParam("$expand") String expand, @Context UriInfo uriInfo) {
        UUID activityId = QueryOptions.guidKey(key);
        Set<String> columns = QueryOptions.select(select);
        boolean parties = QueryOptions.expandParties(expand);
        return service.findEmailById(activityId)
                .map(email -> odata(Response.ok(EmailActivityResponse.from(email, ODataHeaders.serviceRoot(uriInfo),
                        columns, parties))).type(ODataHeaders.JSON_MINIMAL_METADATA).build())
                .orElseThrow(() -> DataverseException.emailNotFound(activityId));
    }

    @POST
    @Path("emails/{key}/Microsoft.Dynamics.CRM.SendEmail")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "SendEmail: issue the email for sending (IssueSend=true) or record it as sent")
    public Response sendEmail(@PathParam("key") String key, String body, @Context UriInfo uriInfo) {
        UUID activityId = QueryOptions.guidKey(key);
        SendEmailRequest request = reader.readSendEmail(body);
        EmailActivity email = service.sendEmail(activityId, request.issueSend(), request.trackingToken());
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("@odata.context",
                ODataHeaders.serviceRoot(uriInfo) + "$metadata#Microsoft.Dynamics.CRM.SendEmailResponse");
        response.put("Subject", email.subject);
        return odata(Response.ok(response)).type(ODataHeaders.JSON_MINIMAL_METADATA).build();
    }

    private static Response.ResponseBuilder odata(Response.ResponseBuilder builder) {
        return builder.header(ODataHeaders.ODATA_VERSION, ODataHeaders.VERSION_4);
    }
}
