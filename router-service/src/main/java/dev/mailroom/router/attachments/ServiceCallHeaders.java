package dev.mailroom.router.attachments;

import java.net.http.HttpRequest;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The headers of every call router-service makes to another service: the one place a service token (or a trace
 * header) is added, so that no call site has to know.
 */
@ApplicationScoped
public class ServiceCallHeaders {

    public HttpRequest.Builder apply(HttpRequest.Builder request) {
        return request.header("User-Agent", "mailroom-router-service");
    }
}
