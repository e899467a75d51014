package dev.mailroom.activity.security;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Who the callers are and how much each may ask (prefix {@code activity.security}). Token verification itself is
 * smallrye-jwt's: {@code mp.jwt.verify.publickey.location} (a PEM key or any provider's JWKS URL),
 * {@code mp.jwt.verify.issuer}, {@code mp.jwt.verify.audiences}.
 */
@ConfigMapping(prefix = "activity.security")
public interface SecurityConfig {

    /** The token claim that holds the caller's directory object id (Entra ID's {@code oid}). */
    @WithDefault("oid")
    String userClaim();

    /** The directory object id of the built-in administrator; bound to it at start when set. */
    Optional<UUID> administratorObjectId();

    /** The directory object id of the services' application user (client-credentials tokens). */
    Optional<UUID> servicesObjectId();

    /** Service protection limits, per user over a sliding window, shared by every instance. */
    Limits limits();

    /** Hosts an email server profile may not point at (the services' own endpoints), unless allowed below. */
    @WithDefault("localhost,127.0.0.1,::1,0.0.0.0,activity-service,attachment-service,bulk-mail-service,"
            + "router-service,metadata.google.internal,169.254.169.254")
    List<String> internalHosts();

    /** Internal hosts an email server profile may point at all the same (e.g. the local run's mail server). */
    Optional<List<String>> allowedServerHosts();

    interface Limits {
        /** Requests per window (Dataverse: 6,000 per 5 minutes). */
        @WithDefault("6000")
        long requests();

        /** Combined execution time per window (Dataverse: 1,200 s per 5 minutes). */
        @WithDefault("1200s")
        Duration executionTime();

        /** Requests in flight at once (Dataverse: 52). */
        @WithDefault("52")
        int concurrent();

        /** The sliding window. */
        @WithDefault("300s")
        Duration window();

        /** How often each instance adds its counts to the shared store and reads everyone's back. */
        @WithDefault("1s")
        Duration syncInterval();
    }
}
