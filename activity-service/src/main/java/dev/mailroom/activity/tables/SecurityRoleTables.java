package dev.mailroom.activity.tables;

import static dev.mailroom.activity.odata.model.ColumnDef.choice;
import static dev.mailroom.activity.odata.model.ColumnDef.guid;
import static dev.mailroom.activity.odata.model.ColumnDef.string;

import java.util.Map;

import dev.mailroom.activity.odata.model.RelationDef;
import dev.mailroom.activity.odata.model.TableDef;

/**
 * Security roles as the Web API shows them: {@code roles} and, expandable from a role, the privileges it grants
 * with their depth ({@code roleprivilegescollection}). Both are read-only (roles are defined by migrations; see
 * docs/security.md) and read with {@code prvReadRole}. Assigning a role to a user is
 * {@code systemusers(<id>)/systemuserroles_association/$ref} (security.RoleAssignments).
 */
public final class SecurityRoleTables {

    /** privilegedepthmask as Dataverse numbers it; Mailroom grants user (Basic) and organization (Global). */
    static final Map<Integer, String> DEPTHS = Map.of(1, "Basic", 8, "Global");

    private SecurityRoleTables() {
    }

    public static TableDef role() {
        return TableDef.table("role", "roles", "roleid")
                .primaryName("name")
                .columns(string("name", 100).readOnly())
                .relations(new RelationDef("roleprivileges_association", "roleprivileges", "roleid", false))
                .readOnly()
                .build();
    }

    public static TableDef rolePrivileges() {
        return TableDef.table("roleprivileges", "roleprivilegescollection", "roleprivilegeid")
                .primaryName("privilegename")
                .columns(guid("roleid").readOnly(), string("privilegename", 100).readOnly(),
                        choice("privilegedepthmask", DEPTHS).readOnly())
                .privileges("Role")
                .readOnly()
                .build();
    }
}
