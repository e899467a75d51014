package dev.mailroom.activity.odata.model;

import java.util.List;
import java.util.Optional;

/**
 * A lookup column: the id of a row in another table, stored in the SQL column {@code name}, read by clients as
 * {@code _<name>_value} and written as {@code <navigation>@odata.bind}. A polymorphic lookup (regarding, party)
 * has several targets and keeps the target's logical name in {@code typeColumn}.
 *
 * @param typeColumn the column holding the target table's logical name, or null for a single-target lookup
 */
public record LookupDef(String name, String typeColumn, List<Target> targets, boolean readOnly) {

    /** One table the lookup may point at, and the navigation property that binds to it. */
    public record Target(String navigation, String table) {
    }

    public static LookupDef single(String name, String navigation, String table) {
        return new LookupDef(name, null, List.of(new Target(navigation, table)), false);
    }

    public static LookupDef polymorphic(String name, String typeColumn, Target... targets) {
        return new LookupDef(name, typeColumn, List.of(targets), false);
    }

    public LookupDef asReadOnly() {
        return new LookupDef(name, typeColumn, targets, true);
    }

    /** The property clients read and filter: {@code _<name>_value}. */
    public String valueProperty() {
        return "_" + name + "_value";
    }

    public Optional<Target> targetByNavigation(String navigation) {
        return targets.stream().filter(target -> target.navigation().equals(navigation)).findFirst();
    }

    public Optional<Target> targetByTable(String table) {
        return targets.stream().filter(target -> target.table().equals(table)).findFirst();
    }
}
