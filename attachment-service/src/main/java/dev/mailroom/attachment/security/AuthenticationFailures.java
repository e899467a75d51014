package dev.mailroom.attachment.security;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.mailroom.attachment.rest.ErrorResponse;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * No bearer token, or one that fails signature, issuer, audience or expiry: 401 with an RFC 6750 challenge. A
 * valid token of a caller that is not one of Mailroom's services: 403. The message never says which check failed.
 */
public class AuthenticationFailures {

    @ServerExceptionMapper
    public Response missingToken(UnauthorizedException e) {
        return unauthorized("Bearer realm=\"mailroom\"", "The request has no bearer token (Authorization: Bearer "
                + "<access token>).");
    }

    @ServerExceptionMapper
    public Response invalidToken(AuthenticationFailedException e) {
        return unauthorized("Bearer realm=\"mailroom\", error=\"invalid_token\"", "The access token is not valid: "
                + "it is malformed, expired, or not issued by a trusted issuer for this audience.");
    }

    @ServerExceptionMapper
    public Response notAService(ForbiddenException e) {
        return Response.status(403).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorResponse("Forbidden", "Only Mailroom's services may call the blob API.")).build();
    }

    private static Response unauthorized(String challenge, String message) {
        return Response.status(401).type(MediaType.APPLICATION_JSON)
                .header("WWW-Authenticate", challenge)
                .entity(new ErrorResponse("Unauthorized", message)).build();
    }
}
