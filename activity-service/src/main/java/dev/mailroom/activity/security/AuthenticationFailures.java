package dev.mailroom.activity.security;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.error.ErrorResponse;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;

/**
 * A request without a bearer token, or with one whose signature, issuer, audience or expiry does not verify,
 * gets 401 with Dataverse's error body and an RFC 6750 challenge. The message never says which check failed (that
 * detail is logged by smallrye-jwt at debug level, never the token itself).
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

    static Response unauthorized(String challenge, String message) {
        return Response.status(401).type(MediaType.APPLICATION_JSON)
                .header("OData-Version", "4.0")
                .header("WWW-Authenticate", challenge)
                .entity(ErrorResponse.of(DataverseError.NOT_AUTHENTICATED, message))
                .build();
    }
}
