package dev.mailroom.activity.security;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.mailroom.activity.security.Privileges.Depth;

/**
 * The user a request acts as, with the privileges of their roles (the deepest grant of each), and, when they
 * act on someone else's behalf, the user who does so.
 *
 * @param impersonatorId the authenticated user acting through {@code MSCRMCallerID}, or null
 */
public record Caller(UUID userId, Map<String, Depth> privileges, UUID impersonatorId) {

    /** How far the caller holds {@code privilege}; empty when they do not hold it. */
    public Optional<Depth> depth(String privilege) {
        if (privileges.containsKey(Privileges.ALL)) {
            return Optional.of(Depth.ORGANIZATION);
        }
        return Optional.ofNullable(privileges.get(privilege));
    }

    public Caller actingFor(Caller user) {
        return new Caller(user.userId, user.privileges, userId);
    }
}
