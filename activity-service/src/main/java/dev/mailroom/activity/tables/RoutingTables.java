package dev.mailroom.activity.tables;

import static dev.mailroom.activity.odata.model.ColumnDef.bool;
import static dev.mailroom.activity.odata.model.ColumnDef.choice;
import static dev.mailroom.activity.odata.model.ColumnDef.guid;
import static dev.mailroom.activity.odata.model.ColumnDef.integer;
import static dev.mailroom.activity.odata.model.ColumnDef.string;

import java.util.Map;

import dev.mailroom.activity.odata.model.LookupDef;
import dev.mailroom.activity.odata.model.LookupDef.Target;
import dev.mailroom.activity.odata.model.TableDef;

/** Who mail is sent as and how: {@code systemuser}, {@code queue}, {@code mailbox}, {@code emailserverprofile}. */
public final class RoutingTables {

    /** mailbox incoming/outgoing delivery methods (Dataverse values). */
    static final Map<Integer, String> INCOMING_METHODS = Map.of(0, "None", 1, "Microsoft Dynamics 365 for Outlook",
            2, "Server-Side Synchronization or Email Router", 3, "Forward Mailbox");
    static final Map<Integer, String> OUTGOING_METHODS = Map.of(0, "None", 1, "Microsoft Dynamics 365 for Outlook",
            2, "Server-Side Synchronization or Email Router");

    private RoutingTables() {
    }

    public static TableDef systemuser() {
        return TableDef.table("systemuser", "systemusers", "systemuserid")
                .primaryName("fullname")
                .columns(string("firstname", 64), string("lastname", 64), string("fullname", 200).readOnly(),
                        string("internalemailaddress", 100), string("domainname", 1024),
                        guid("azureactivedirectoryobjectid"),
                        choice("emailrouteraccessapproval", Choices.EMAIL_ROUTER_APPROVAL).withDefault(0),
                        bool("isdisabled").withDefault(false))
                .emailColumn("internalemailaddress")
                .rules(new EmailAddressRules("systemuser"))
                .privileges("User")
                .build();
    }

    public static TableDef queue() {
        return TableDef.table("queue", "queues", "queueid")
                .primaryName("name")
                .columns(string("name", 200).asRequired(), string("emailaddress", 100),
                        choice("emailrouteraccessapproval", Choices.EMAIL_ROUTER_APPROVAL).withDefault(0))
                .emailColumn("emailaddress")
                .rules(new EmailAddressRules(null))
                .build();
    }

    public static TableDef mailbox() {
        return TableDef.table("mailbox", "mailboxes", "mailboxid")
                .primaryName("name")
                .columns(string("name", 200).asRequired(), string("emailaddress", 100),
                        choice("incomingemaildeliverymethod", INCOMING_METHODS).withDefault(0),
                        choice("outgoingemaildeliverymethod", OUTGOING_METHODS).withDefault(0),
                        choice("emailrouteraccessapproval", Choices.EMAIL_ROUTER_APPROVAL).withDefault(0),
                        string("regardingobjecttypecode", 64).readOnly())
                .lookups(
                        LookupDef.polymorphic("regardingobjectid", "regardingobjecttypecode",
                                new Target("regardingobjectid_systemuser", "systemuser"),
                                new Target("regardingobjectid_queue", "queue")),
                        LookupDef.single("emailserverprofile", "emailserverprofile", "emailserverprofile"))
                .emailColumn("emailaddress")
                .rules(new EmailAddressRules(null))
                .build();
    }

    /** Server addresses and credentials; passwords are write-only and never read back by any request. */
    public static TableDef emailServerProfile() {
        return TableDef.table("emailserverprofile", "emailserverprofiles", "emailserverprofileid")
                .primaryName("name")
                .columns(string("name", 100).asRequired(),
                        choice("servertype", Map.of(0, "Exchange Server", 1, "Other (POP3/SMTP)",
                                3, "Exchange Online", 4, "Exchange Server (Hybrid)")).withDefault(1),
                        string("incomingserverlocation", 2048), integer("incomingportnumber", 1, 65535),
                        bool("incomingusessl").withDefault(true), string("incomingusername", 1024),
                        string("incomingpassword", 1024).writeOnly(),
                        string("outgoingserverlocation", 2048), integer("outgoingportnumber", 1, 65535),
                        bool("outgoingusessl").withDefault(true), string("outgoingusername", 1024),
                        string("outgoingpassword", 1024).writeOnly())
                .privileges("EmailServerProfile")
                .rules(new ServerProfileRules())
                .build();
    }
}
