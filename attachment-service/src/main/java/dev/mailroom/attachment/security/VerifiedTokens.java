package dev.mailroom.attachment.security;

import java.time.Duration;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.mailroom.tokencache.TokenCache;

/**
 * The services' bearer tokens this instance verified lately ({@link TokenCache}, as activity-service keeps its
 * callers'): a service sends the same token for many requests, and verifying its RSA signature and parsing its
 * claims on each was the largest part of a small blob's request (JFR). A token is reused for at most
 * {@code attachments.security.token-max-age} after its verification and never past its {@code exp}; zero turns
 * the cache off. The role check ({@link ServiceCallers}) still runs on every request.
 */
@Singleton
public class VerifiedTokens extends TokenCache {

    public VerifiedTokens(
            @ConfigProperty(name = "attachments.security.token-max-age", defaultValue = "5m") Duration maxAge,
            @ConfigProperty(name = "attachments.security.token-cache-size", defaultValue = "1000") int maxEntries) {
        super(maxAge, maxEntries);
    }
}
