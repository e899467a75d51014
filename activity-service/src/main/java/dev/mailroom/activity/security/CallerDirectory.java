package dev.mailroom.activity.security;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.activity.odata.sql.RecordStore;
import dev.mailroom.activity.odata.sql.Sql;
import dev.mailroom.activity.security.Privileges.Depth;

/**
 * Finds the enabled user behind a token or an impersonation header, with every privilege of their roles: one query,
 * or none while the user is in the {@link CallerCache}.
 */
@ApplicationScoped
public class CallerDirectory {

    private static final String USER_WITH_PRIVILEGES = "SELECT u.systemuserid, p.privilegename, p.depth "
            + "FROM systemuser u LEFT JOIN systemuserrole r ON r.systemuserid = u.systemuserid "
            + "LEFT JOIN securityroleprivilege p ON p.roleid = r.roleid "
            + "WHERE u.%s = ? AND NOT u.isdisabled";

    private final RecordStore store;
    private final CallerCache cache;

    public CallerDirectory(RecordStore store, CallerCache cache) {
        this.store = store;
        this.cache = cache;
    }

    /** The user whose {@code azureactivedirectoryobjectid} is {@code objectId}. */
    public Optional<Caller> byObjectId(UUID objectId) {
        return cache.get(new CallerCache.Key(true, objectId), () -> load(store.query(
                Sql.of(USER_WITH_PRIVILEGES.formatted("azureactivedirectoryobjectid"), objectId))));
    }

    public Optional<Caller> byUserId(UUID userId) {
        return cache.get(new CallerCache.Key(false, userId), () -> load(store.query(
                Sql.of(USER_WITH_PRIVILEGES.formatted("systemuserid"), userId))));
    }

    private static Optional<Caller> load(List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Depth> privileges = new HashMap<>();
        for (Map<String, Object> row : rows) {
            if (row.get("privilegename") instanceof String name) {
                Depth depth = Depth.of(((Number) row.get("depth")).intValue());
                privileges.merge(name, depth, (a, b) -> a.code() >= b.code() ? a : b);
            }
        }
        return Optional.of(new Caller((UUID) rows.get(0).get("systemuserid"), Map.copyOf(privileges), null));
    }
}
