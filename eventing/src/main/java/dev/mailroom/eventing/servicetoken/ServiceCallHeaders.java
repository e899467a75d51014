package dev.mailroom.eventing.servicetoken;

import java.net.http.HttpRequest;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The headers of every call a service makes to another service's own API (activity-service and router-service
 * calling attachment-service): the one place the service's bearer token ({@link ServiceTokens}) is added, so that
 * no call site has to know, and the caller named in {@code User-Agent} ({@code mailroom-<quarkus.application.name>})
 * for the receiving service's logs. bulk-mail-service's calls to the Web API add OData's headers and have their own
 * class.
 */
@ApplicationScoped
public class ServiceCallHeaders {

    private final ServiceTokens tokens;
    private final String userAgent;

    public ServiceCallHeaders(ServiceTokens tokens,
            @ConfigProperty(name = "quarkus.application.name") String application) {
        this.tokens = tokens;
        this.userAgent = "mailroom-" + application;
    }

    public HttpRequest.Builder apply(HttpRequest.Builder request) {
        request.header("User-Agent", userAgent);
        String authorization = tokens.authorizationHeader();
        return authorization == null ? request : request.header("Authorization", authorization);
    }
}
