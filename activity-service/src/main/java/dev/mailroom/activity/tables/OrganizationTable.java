package dev.mailroom.activity.tables;

import static dev.mailroom.activity.odata.model.ColumnDef.bool;
import static dev.mailroom.activity.odata.model.ColumnDef.integer;
import static dev.mailroom.activity.odata.model.ColumnDef.memo;
import static dev.mailroom.activity.odata.model.ColumnDef.string;

import java.util.Map;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.odata.model.TableDef;
import dev.mailroom.activity.odata.model.TableRules;

/** {@code organization}: the one row of settings (attachment limits, approval, tracking tokens). */
public final class OrganizationTable {

    public static final String NAME = "organization";

    private OrganizationTable() {
    }

    public static TableDef definition() {
        return TableDef.table(NAME, "organizations", "organizationid")
                .primaryName("name")
                .columns(string("name", 160),
                        integer("maxuploadfilesize", 0, 131_072_000).withDefault(5_242_880),
                        memo("blockedattachments", 1_073_741_823),
                        bool("requireapprovalforuseremail").withDefault(false),
                        bool("requireapprovalforqueueemail").withDefault(false),
                        string("trackingprefix", 256).withDefault("CRM:"),
                        integer("trackingtokenidbase", 0, Integer.MAX_VALUE).withDefault(0),
                        integer("trackingtokeniddigits", 3, 7).withDefault(3),
                        bool("istrackingtokenenabled").withDefault(true),
                        memo("blockedmimetypes", 1_073_741_823),
                        memo("allowedmimetypes", 1_073_741_823))
                .rules(new SingleRow())
                .build();
    }

    /** There is exactly one organization: it is updated, never created or deleted. */
    private static final class SingleRow implements TableRules {
        @Override
        public void checkCreate(Map<String, Object> values) {
            throw DataverseError.INVALID_OPERATION.withMessage("The organization exists already: update it.");
        }

        @Override
        public void checkDelete(Map<String, Object> current) {
            throw DataverseError.INVALID_OPERATION.withMessage("The organization cannot be deleted.");
        }
    }
}
