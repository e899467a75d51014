package dev.mailroom.bulkmail.client;

import java.net.http.HttpRequest;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The headers of every call bulk-mail-service makes to activity-service, in one place: when the Web API requires a
 * bearer token, this is where it is added.
 */
@ApplicationScoped
public class ActivityServiceHeaders {

    public HttpRequest.Builder apply(HttpRequest.Builder request) {
        return request.header("Accept", "application/json")
                .header("OData-MaxVersion", "4.0")
                .header("OData-Version", "4.0");
    }
}
