package dev.mailroom.router.service;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.router.config.RouterConfig;

/** This router's name in the send ledger: claims and lease renewals are made under it. */
@ApplicationScoped
public class RouterIdentity {

    private final String id;

    public RouterIdentity(RouterConfig config) {
        this.id = config.instanceId().orElseGet(RouterIdentity::defaultId);
    }

    public String id() {
        return id;
    }

    private static String defaultId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "router";
        }
        // A restarted router is a new holder: it must not mistake a claim of its previous life for a live one.
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
