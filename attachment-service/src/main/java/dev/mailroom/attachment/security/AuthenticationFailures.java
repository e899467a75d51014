package dev.mailroom.attachment.security;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.mailroom.attachment.rest.ErrorResponse;
import dev.mailroom.eventing.http.BearerChallenge;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * No bearer token, or one that fails signature, issuer, audience or expiry: 401 with the RFC 6750 challenge every
 * service answers ({@link BearerChallenge}). A valid token of a caller that is not one of Mailroom's services: 403.
 */
public class AuthenticationFailures {

    @ServerExceptionMapper
    public Response missingToken(UnauthorizedException e) {
        return unauthorized(BearerChallenge.MISSING_TOKEN);
    }

    @ServerExceptionMapper
    public Response invalidToken(AuthenticationFailedException e) {
        return unauthorized(BearerChallenge.INVALID_TOKEN);
    }

    @ServerExceptionMapper
    public Response notAService(ForbiddenException e) {
        return Response.status(403).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorResponse("Forbidden", "Only Mailroom's services may call the blob API.")).build();
    }

    private static Response unauthorized(BearerChallenge challenge) {
        return Response.status(401).type(MediaType.APPLICATION_JSON)
                .header("WWW-Authenticate", challenge.challenge())
                .entity(new ErrorResponse("Unauthorized", challenge.message())).build();
    }
}
