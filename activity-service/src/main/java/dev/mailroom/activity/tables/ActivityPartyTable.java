package dev.mailroom.activity.tables;

import static dev.mailroom.activity.odata.model.ColumnDef.choice;
import static dev.mailroom.activity.odata.model.ColumnDef.string;

import java.util.Map;

import dev.mailroom.activity.odata.model.LookupDef;
import dev.mailroom.activity.odata.model.LookupDef.Target;
import dev.mailroom.activity.odata.model.TableDef;

/**
 * {@code activityparty} (set {@code activityparties}): read through the set, written only as an email's
 * {@code email_activity_parties} (Dataverse lists no Create message for it).
 */
public final class ActivityPartyTable {

    public static final String NAME = "activityparty";

    static final Map<Integer, String> MASKS = Map.ofEntries(Map.entry(1, "Sender"), Map.entry(2, "To Recipient"),
            Map.entry(3, "CC Recipient"), Map.entry(4, "BCC Recipient"), Map.entry(5, "Required attendee"),
            Map.entry(6, "Optional attendee"), Map.entry(7, "Organizer"), Map.entry(8, "Regarding"),
            Map.entry(9, "Owner"), Map.entry(10, "Resource"), Map.entry(11, "Customer"),
            Map.entry(12, "Chat Participant"), Map.entry(13, "Related"));

    private ActivityPartyTable() {
    }

    public static TableDef definition() {
        return TableDef.table(NAME, "activityparties", "activitypartyid")
                .primaryName("addressused")
                .columns(
                        choice("participationtypemask", MASKS).asRequired(),
                        string("addressused", 320),
                        string("unresolvedpartyname", 200),
                        string("partyobjecttypecode", 64).readOnly())
                .lookups(
                        LookupDef.single("activityid", "activityid_email", EmailTable.NAME).asReadOnly(),
                        LookupDef.polymorphic("partyid", "partyobjecttypecode",
                                new Target("partyid_systemuser", "systemuser"),
                                new Target("partyid_contact", "contact"),
                                new Target("partyid_account", "account"),
                                new Target("partyid_queue", "queue"),
                                new Target("partyid_lead", "lead")))
                .readOnly()
                .rules(new ActivityPartyRules())
                .privileges("Activity")
                .ownedBy(TableDef.Ownership.throughParent("activityid", EmailTable.NAME))
                .build();
    }
}
