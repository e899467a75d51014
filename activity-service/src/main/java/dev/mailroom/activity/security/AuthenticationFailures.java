package dev.mailroom.activity.security;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.error.ErrorResponse;
import dev.mailroom.eventing.http.BearerChallenge;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;

/**
 * A request without a bearer token, or with one whose signature, issuer, audience or expiry does not verify,
 * gets 401 with Dataverse's error body and the RFC 6750 challenge every service answers ({@link BearerChallenge}).
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

    static Response unauthorized(BearerChallenge challenge) {
        return Response.status(401).type(MediaType.APPLICATION_JSON)
                .header("OData-Version", "4.0")
                .header("WWW-Authenticate", challenge.challenge())
                .entity(ErrorResponse.of(DataverseError.NOT_AUTHENTICATED, challenge.message()))
                .build();
    }
}
