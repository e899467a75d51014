package dev.mailroom.activity.security;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.error.DataverseException;
import dev.mailroom.activity.odata.sql.RecordStore;
import dev.mailroom.activity.odata.sql.Sql;
import dev.mailroom.activity.security.Privileges.Depth;

/**
 * Which security roles a user has: the one place they change (Dataverse's {@code systemuserroles_association}).
 * Giving or taking a role needs {@code prvAssignRole}; giving one also needs every privilege the role grants, at
 * least as deep, so that nobody can hand out more than they hold (Dataverse refuses that escalation too). Each
 * change is audited in {@code systemuserroleaudit} in its transaction (who, on whose behalf, when), and takes effect
 * with the user's next request: callers are read with their privileges per request (see {@link #change}).
 */
@ApplicationScoped
public class RoleAssignments {

    /** What happened to an assignment, as the audit records it (Dataverse's message names). */
    public enum Operation {
        ASSOCIATE("Associate"), DISASSOCIATE("Disassociate");

        private final String label;

        Operation(String label) {
            this.label = label;
        }
    }

    private final AccessGuard guard;
    private final RecordStore store;
    private final Clock clock = Clock.systemUTC();

    public RoleAssignments(AccessGuard guard, RecordStore store) {
        this.guard = guard;
        this.store = store;
    }

    /** Gives {@code roleId} to {@code userId}; giving a role the user has changes nothing. */
    @Transactional
    public void associate(UUID userId, UUID roleId) {
        guard.require(Privileges.ASSIGN_ROLE);
        requireUser(userId);
        requireRole(roleId);
        requireHeldByCaller(roleId);
        change(userId, roleId, Operation.ASSOCIATE);
    }

    /** Takes {@code roleId} from {@code userId}; taking a role the user does not have changes nothing. */
    @Transactional
    public void disassociate(UUID userId, UUID roleId) {
        guard.require(Privileges.ASSIGN_ROLE);
        requireUser(userId);
        requireRole(roleId);
        change(userId, roleId, Operation.DISASSOCIATE);
    }

    /** The roles of {@code userId}, in the order they were defined (for {@code GET .../$ref}). */
    public List<UUID> rolesOf(UUID userId) {
        requireUser(userId);
        return store.query(Sql.of("SELECT r.roleid FROM systemuserrole r JOIN securityrole s ON s.roleid = r.roleid "
                + "WHERE r.systemuserid = ? ORDER BY s.name, r.roleid", userId)).stream()
                .map(row -> (UUID) row.get("roleid")).toList();
    }

    /**
     * Every change of a user's roles goes through here, in the transaction of the request: the row, its audit and
     * (for a cache of callers and their privileges, should one be added) the place to forget the user's entry.
     */
    private void change(UUID userId, UUID roleId, Operation operation) {
        int changed = operation == Operation.ASSOCIATE
                ? store.execute("INSERT INTO systemuserrole (systemuserid, roleid) VALUES (?, ?) "
                        + "ON CONFLICT DO NOTHING", List.of(userId, roleId))
                : store.execute("DELETE FROM systemuserrole WHERE systemuserid = ? AND roleid = ?",
                        List.of(userId, roleId));
        if (changed == 0) {
            return;
        }
        Caller caller = guard.caller();
        store.execute("INSERT INTO systemuserroleaudit (systemuserid, roleid, operation, changedby, impersonatorid, "
                + "changedon) VALUES (?, ?, ?, ?, ?, ?)", Arrays.asList(userId, roleId, operation.label,
                        caller.userId(), caller.impersonatorId(), Timestamp.from(clock.instant())));
    }

    /** Giving a role takes holding what it grants: '*' only from a System Administrator, the rest at its depth. */
    private void requireHeldByCaller(UUID roleId) {
        Caller caller = guard.caller();
        for (Map<String, Object> grant : store.query(Sql.of("SELECT privilegename, depth FROM securityroleprivilege "
                + "WHERE roleid = ? ORDER BY privilegename", roleId))) {
            String privilege = (String) grant.get("privilegename");
            Depth depth = Depth.of(((Number) grant.get("depth")).intValue());
            if (Privileges.ALL.equals(privilege) && !caller.privileges().containsKey(Privileges.ALL)) {
                throw DataverseError.PRIVILEGE_DENIED.withMessage("Principal user (Id=" + caller.userId()
                        + ", type=8) cannot assign role " + roleId + ": it grants every privilege, and only a "
                        + "System Administrator may give that.");
            }
            if (caller.depth(privilege).filter(own -> own.code() >= depth.code()).isEmpty()) {
                throw AccessGuard.missing(caller, privilege, "role");
            }
        }
    }

    private void requireUser(UUID userId) {
        if (store.query(Sql.of("SELECT 1 FROM systemuser WHERE systemuserid = ?", userId)).isEmpty()) {
            throw DataverseException.notFound("systemuser", userId);
        }
    }

    private void requireRole(UUID roleId) {
        if (store.query(Sql.of("SELECT 1 FROM securityrole WHERE roleid = ?", roleId)).isEmpty()) {
            throw DataverseException.notFound("role", roleId);
        }
    }

    /** For tests and the README: the audit rows of one user, oldest first. */
    public List<Map<String, Object>> auditOf(UUID userId) {
        return store.query(Sql.of("SELECT roleid, operation, changedby, impersonatorid, changedon "
                + "FROM systemuserroleaudit WHERE systemuserid = ? ORDER BY auditid", userId));
    }
}
