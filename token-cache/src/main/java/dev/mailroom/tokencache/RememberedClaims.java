package dev.mailroom.tokencache;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A verified token that reads each claim from the underlying token once and answers from memory afterwards.
 * smallrye-jwt's principal looks every claim name up in the {@code Claims} enum first and, for a name that is not
 * one of the standard ones (the caller's {@code oid}), throws and catches an {@code IllegalArgumentException}: a
 * stack trace filled on every request. {@link TokenCache} serves the same instance for every request with the
 * same token, so with this wrapper that cost is paid once per token. A token's claims never change once verified.
 */
public final class RememberedClaims implements JsonWebToken {

    private final JsonWebToken token;
    private final ConcurrentHashMap<String, Optional<Object>> claims = new ConcurrentHashMap<>();

    public RememberedClaims(JsonWebToken token) {
        this.token = token;
    }

    @Override
    public String getName() {
        return token.getName();
    }

    @Override
    public Set<String> getClaimNames() {
        return token.getClaimNames();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getClaim(String claimName) {
        return (T) claims.computeIfAbsent(claimName, name -> Optional.ofNullable(token.getClaim(name))).orElse(null);
    }

    @Override
    public String toString() {
        return token.toString();
    }
}
