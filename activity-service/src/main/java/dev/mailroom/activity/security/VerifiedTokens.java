package dev.mailroom.activity.security;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.mailroom.tokencache.TokenCache;

/**
 * Bearer tokens this instance verified lately, with activity-service's settings: reused for at most
 * {@code activity.security.cache.token-max-age}, never past their {@code exp}, at most
 * {@code activity.security.cache.max-entries} of them. The rules are token-cache's {@link TokenCache}, put in front
 * of smallrye-jwt by its {@code CachingTokenParser} (attachment-service uses the same). A singleton: the cache is a
 * plain class, so no client proxy is needed in front of it.
 */
@Singleton
public class VerifiedTokens extends TokenCache {

    @Inject
    public VerifiedTokens(SecurityCacheConfig config) {
        super(config.tokenMaxAge(), config.maxEntries());
    }
}
