package dev.mailroom.bulkmail.client;

import java.net.http.HttpRequest;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.eventing.servicetoken.ServiceTokens;

/**
 * The headers of every call bulk-mail-service makes to activity-service, in one place: OData's, and the service's
 * own bearer token (client credentials; see ServiceTokens), so the Web API treats it as its application user.
 */
@ApplicationScoped
public class ActivityServiceHeaders {

    private final ServiceTokens tokens;

    public ActivityServiceHeaders(ServiceTokens tokens) {
        this.tokens = tokens;
    }

    public HttpRequest.Builder apply(HttpRequest.Builder request) {
        request.header("Accept", "application/json")
                .header("OData-MaxVersion", "4.0")
                .header("OData-Version", "4.0");
        String authorization = tokens.authorizationHeader();
        return authorization == null ? request : request.header("Authorization", authorization);
    }
}
