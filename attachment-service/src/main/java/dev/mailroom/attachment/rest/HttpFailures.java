package dev.mailroom.attachment.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * The blob API's answer to requests its resources cannot take (a body that is not the JSON expected, a path or
 * method it does not serve, a parameter of the wrong type), and to anything unexpected: the JSON error body, and
 * never a parser's or framework's own message.
 */
public class HttpFailures {

    private static final Logger LOG = Logger.getLogger(HttpFailures.class);

    @ServerExceptionMapper
    public Response notJson(JsonProcessingException e) {
        return error(400, "InvalidRequest", "The request body is not the JSON this operation expects.");
    }

    /** Overrides Quarkus's own mapper, whose body names the class and attribute the parser could not fill. */
    @ServerExceptionMapper
    public Response wrongJson(MismatchedInputException e) {
        return notJson(e);
    }

    @ServerExceptionMapper
    public Response refused(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        String message = switch (status) {
            case 404 -> "There is no such resource.";
            case 405 -> "The HTTP method is not allowed on this resource.";
            case 406 -> "The requested media type cannot be produced.";
            case 413 -> "The request body is larger than the limit.";
            case 415 -> "The request body's Content-Type is not accepted here.";
            default -> "The request is malformed.";
        };
        return error(status, "InvalidRequest", message);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        LOG.error("Unexpected failure of a blob request", e);
        return error(500, "Unexpected", "An unexpected error occurred.");
    }

    private static Response error(int status, String error, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ErrorResponse(error, message))
                .build();
    }
}
