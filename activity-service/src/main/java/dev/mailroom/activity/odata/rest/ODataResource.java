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

/**
 * The Web API under {@code /api/data/v9.2/}: one catch-all resource that hands the raw URL to the OData engine
 * (JAX-RS templates cannot match keys inside segments such as {@code emails(<id>)}). $batch has its own resource.
 */
@Path(ODataResource.ROOT)
@Tag(name = "Dataverse Web API")
public class ODataResource {

    public static final String ROOT = "/api/data/v9.2";

    private final ODataDispatcher dispatcher;

    public ODataResource(ODataDispatcher dispatcher) {
        this.dispatcher = dispatcher;
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
    @Operation(summary = "Create a record, or call an action such as SendEmail")
    public Response post(@Context UriInfo uri, @Context HttpHeaders headers, String body) {
        return handle("POST", uri, headers, body);
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
        String rawPath = uri.getRequestUri().getRawPath();
        int root = rawPath.indexOf(ROOT);
        String path = rawPath.substring(root + ROOT.length());
        path = path.startsWith("/") ? path.substring(1) : path;
        String serviceRoot = uri.getBaseUri().toString().replaceAll("/$", "") + ROOT + "/";
        ODataResult result = dispatcher.handle(new ODataCall(method, path, uri.getRequestUri().getRawQuery(),
                headerMap(headers), body, serviceRoot));
        return toResponse(result);
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
        if (result.body().length > 0) {
            response.entity(result.body());
        }
        return response.build();
    }
}
