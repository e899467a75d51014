package dev.mailroom.activity.odata.rest;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.mailroom.activity.error.DataverseException;
import dev.mailroom.activity.security.CurrentCaller;
import dev.mailroom.activity.security.ServiceProtection;
import io.quarkus.security.Authenticated;

/**
 * The Web API under {@code /api/data/v9.2/}: one catch-all resource that hands the raw URL to the OData engine
 * (JAX-RS templates cannot match keys inside segments such as {@code emails(<id>)}). $batch has its own resource.
 */
@Path(ODataResource.ROOT)
@Tag(name = "Dataverse Web API")
@Authenticated
public class ODataResource {

    public static final String ROOT = "/api/data/v9.2";

    private static final String BATCH = "$batch";

    private final ODataDispatcher dispatcher;
    private final BatchExecutor batches;
    private final CurrentCaller caller;
    private final ServiceProtection protection;

    public ODataResource(ODataDispatcher dispatcher, BatchExecutor batches, CurrentCaller caller,
            ServiceProtection protection) {
        this.dispatcher = dispatcher;
        this.batches = batches;
        this.caller = caller;
        this.protection = protection;
    }

    @GET
    @Operation(summary = "The service document: every entity set")
    public Response serviceDocument(@Context UriInfo uri, @Context HttpHeaders headers) {
        return handle("GET", uri, headers, null);
    }

    @GET
    @Path("{path: .+}")
    @Operation(summary = "Read records ($select, $filter, $orderby, $top, $count, $expand), $metadata, functions")
    public Response get(@Context UriInfo uri, @Context HttpHeaders headers) {
        return handle("GET", uri, headers, null);
    }

    @POST
    @Path("{path: .+}")
    @Operation(summary = "Create a record, call an action such as SendEmail, or run a $batch")
    public Response post(@Context UriInfo uri, @Context HttpHeaders headers, String body) {
        if (BATCH.equals(pathOf(uri).replace("%24", "$"))) {
            return batch(uri, headers, body);
        }
        return handle("POST", uri, headers, body);
    }

    /** Up to 1,000 requests in one multipart/mixed body; change sets commit or roll back as one. */
    private Response batch(UriInfo uri, HttpHeaders headers, String body) {
        return admitted(() -> runBatch(uri, headers, body));
    }

    private Response runBatch(UriInfo uri, HttpHeaders headers, String body) {
        BatchExecutor.BatchResponse response = batches.execute(
                new java.io.ByteArrayInputStream((body == null ? "" : body).getBytes(
                        java.nio.charset.StandardCharsets.UTF_8)),
                headers.getHeaderString("Content-Type"), headerMap(headers), serviceRoot(uri));
        if (response.error() != null) {
            return toResponse(response.error());
        }
        return Response.ok(response.body()).header("OData-Version", "4.0")
                .header("Content-Type", "multipart/mixed; boundary=" + response.boundary()).build();
    }

    @PATCH
    @Path("{path: .+}")
    @Operation(summary = "Update or upsert a record (If-Match / If-None-Match)")
    public Response patch(@Context UriInfo uri, @Context HttpHeaders headers, String body) {
        return handle("PATCH", uri, headers, body);
    }

    @PUT
    @Path("{path: .+}")
    @Operation(summary = "Set one column: <set>(<id>)/<column> with {\"value\": …}")
    public Response put(@Context UriInfo uri, @Context HttpHeaders headers, String body) {
        return handle("PUT", uri, headers, body);
    }

    @DELETE
    @Path("{path: .+}")
    @Operation(summary = "Delete a record, or clear one column")
    public Response delete(@Context UriInfo uri, @Context HttpHeaders headers) {
        return handle("DELETE", uri, headers, null);
    }

    private Response handle(String method, UriInfo uri, HttpHeaders headers, String body) {
        return admitted(() -> toResponse(dispatcher.handle(new ODataCall(method, pathOf(uri),
                uri.getRequestUri().getRawQuery(), headerMap(headers), body, serviceRoot(uri)))));
    }

    /**
     * Runs a call for a known caller within their service protection limits: the caller (the token's user, or
     * whom they impersonate) is resolved first, so an unknown user is refused before anything else runs.
     */
    private Response admitted(java.util.function.Supplier<Response> call) {
        ServiceProtection.Admission admission;
        try {
            admission = protection.admit(caller.get().userId());
        } catch (ServiceProtection.LimitExceeded e) {
            return toResponse(dispatcher.error(e.error(), e.getMessage())
                    .withHeader("Retry-After", String.valueOf(e.retryAfterSeconds())));
        } catch (DataverseException e) {
            return toResponse(dispatcher.error(e.error(), e.getMessage()));
        }
        try {
            return call.get();
        } finally {
            admission.close();
        }
    }

    /** The still-encoded path after the service root. */
    private static String pathOf(UriInfo uri) {
        String rawPath = uri.getRequestUri().getRawPath();
        String path = rawPath.substring(rawPath.indexOf(ROOT) + ROOT.length());
        return path.startsWith("/") ? path.substring(1) : path;
    }

    /** The absolute service root every link and entity id starts with. */
    private static String serviceRoot(UriInfo uri) {
        return uri.getBaseUri().toString().replaceAll("/$", "") + ROOT + "/";
    }

    static Map<String, String> headerMap(HttpHeaders headers) {
        Map<String, String> map = new HashMap<>();
        headers.getRequestHeaders().forEach((name, values) -> map.put(name.toLowerCase(Locale.ROOT),
                String.join(",", values)));
        return map;
    }

    static Response toResponse(ODataResult result) {
        Response.ResponseBuilder response = Response.status(result.status()).header("OData-Version", "4.0");
        result.headers().forEach(response::header);
        if (result.stream() != null) {
            response.entity((jakarta.ws.rs.core.StreamingOutput) result.stream()::writeTo);
        } else if (result.body().length > 0) {
            response.entity(result.body());
        }
        return response.build();
    }
}
