package dev.mailroom.router.attachments;

import java.net.http.HttpRequest;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.eventing.servicetoken.ServiceTokens;

/**
 * The headers of every call router-service makes to another service: the one place the service's bearer token
 * (client credentials; see ServiceTokens) is added, so that no call site has to know.
 */
@ApplicationScoped
public class ServiceCallHeaders {

    private final ServiceTokens tokens;

    public ServiceCallHeaders(ServiceTokens tokens) {
        this.tokens = tokens;
    }

    public HttpRequest.Builder apply(HttpRequest.Builder request) {
        request.header("User-Agent", "mailroom-router-service");
        String authorization = tokens.authorizationHeader();
        return authorization == null ? request : request.header("Authorization", authorization);
    }
}
