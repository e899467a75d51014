package dev.mailroom.activity.security;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How long a request's authentication work is reused by the next requests of the same caller (prefix
 * {@code activity.security.cache}; see {@link CallerCache} and {@link VerifiedTokens}). Zero turns a cache off.
 */
@ConfigMapping(prefix = "activity.security.cache")
public interface SecurityCacheConfig {

    /**
     * The longest a resolved caller (user and privileges) is reused. Every change to users, roles or role
     * assignments empties the cache of every instance at commit (PostgreSQL notifications); this bounds the rest.
     */
    @WithDefault("30s")
    Duration callerTtl();

    /** The longest a verified token is reused without verifying its signature again; never past its expiry. */
    @WithDefault("5m")
    Duration tokenMaxAge();

    /** The most callers, and the most tokens, each cache holds. */
    @WithDefault("10000")
    int maxEntries();
}
