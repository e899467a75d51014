package dev.mailroom.activity.odata.rest;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.error.DataverseException;
import dev.mailroom.activity.error.ErrorResponse;

/** Every failure leaves the API as a Dataverse error body; bad input never becomes a 500. */
public class DataverseExceptionMappers {

    private static final Logger LOG = Logger.getLogger(DataverseExceptionMappers.class);

    @ServerExceptionMapper
    public Response mapDataverse(DataverseException e) {
        return respond(e.error(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response mapNotFound(NotFoundException e, UriInfo uriInfo) {
        String path = uriInfo.getPath();
        String segment = path.substring(path.lastIndexOf('/') + 1);
        return respond(DataverseError.RESOURCE_NOT_FOUND, "Resource not found for the segment '" + segment + "'.");
    }

    @ServerExceptionMapper
    public Response mapNotAllowed(NotAllowedException e) {
        return respond(DataverseError.METHOD_NOT_ALLOWED, "The requested HTTP method is not allowed on this resource.");
    }

    @ServerExceptionMapper
    public Response mapNotSupported(NotSupportedException e) {
        return respond(DataverseError.UNSUPPORTED_MEDIA_TYPE,
                "The request body must be JSON (Content-Type: application/json).");
    }

    @ServerExceptionMapper
    public Response mapWebApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return mapUnexpected(e);
        }
        return respond(DataverseError.INVALID_ARGUMENT, status, e.getMessage());
    }

    @ServerExceptionMapper
    public Response mapUnexpected(Throwable e) {
        LOG.error("Unexpected failure", e);
        return respond(DataverseError.UNEXPECTED, "An unexpected error occurred.");
    }

    static Response respond(DataverseError error, String message) {
        return respond(error, error.httpStatus(), message);
    }

    private static Response respond(DataverseError error, int status, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .header("OData-Version", "4.0")
                .entity(ErrorResponse.of(error, message))
                .build();
    }
}
