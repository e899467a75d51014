package dev.mailroom.activity.tables;

import static dev.mailroom.activity.odata.model.ColumnDef.bool;
import static dev.mailroom.activity.odata.model.ColumnDef.choice;
import static dev.mailroom.activity.odata.model.ColumnDef.dateTime;
import static dev.mailroom.activity.odata.model.ColumnDef.integer;
import static dev.mailroom.activity.odata.model.ColumnDef.memo;
import static dev.mailroom.activity.odata.model.ColumnDef.string;

import java.util.Map;

import dev.mailroom.activity.odata.model.LookupDef;
import dev.mailroom.activity.odata.model.LookupDef.Target;
import dev.mailroom.activity.odata.model.RelationDef;
import dev.mailroom.activity.odata.model.TableDef;

/** The {@code email} table (set {@code emails}), with Dataverse's logical names, lengths and choice values. */
public final class EmailTable {

    public static final String NAME = "email";
    public static final String PARTIES = "email_activity_parties";
    public static final String ATTACHMENTS = "email_activity_mime_attachment";
    /** Longest HTML body accepted: its EmailPending event must still fit one Kafka record (1 MB by default). */
    public static final int MAX_DESCRIPTION = 400_000;

    static final Map<Integer, String> STATES = Map.of(0, "Open", 1, "Completed", 2, "Canceled");
    static final Map<Integer, String> STATUSES = Map.of(1, "Draft", 8, "Failed", 2, "Completed", 3, "Sent",
            4, "Received", 6, "Pending Send", 7, "Sending", 5, "Canceled");

    private EmailTable() {
    }

    public static TableDef definition() {
        return TableDef.table(NAME, "emails", "activityid")
                .primaryName("subject")
                .columns(
                        string("subject", 800),
                        memo("description", MAX_DESCRIPTION),
                        bool("directioncode").withDefault(true),
                        choice("statecode", STATES).withDefault(0),
                        choice("statuscode", STATUSES).withDefault(1),
                        choice("prioritycode", Choices.PRIORITY).withDefault(1),
                        choice("deliveryprioritycode", Choices.PRIORITY).withDefault(1),
                        integer("deliveryattempts", 0, 1_000_000_000).readOnly(),
                        string("messageid", 320),
                        string("inreplyto", 320).readOnly(),
                        string("conversationindex", 2048).readOnly(),
                        string("trackingtoken", 50),
                        string("sender", 250).readOnly(),
                        string("torecipients", 500).readOnly(),
                        dateTime("senton").readOnly(),
                        dateTime("scheduledstart"),
                        dateTime("scheduledend"),
                        dateTime("actualstart"),
                        dateTime("actualend"),
                        dateTime("delayedemailsendtime"),
                        integer("attachmentcount", 0, Integer.MAX_VALUE).readOnly(),
                        bool("isworkflowcreated").withDefault(false),
                        bool("readreceiptrequested").withDefault(false),
                        bool("deliveryreceiptrequested").withDefault(false),
                        string("mimetype", 256),
                        string("regardingobjecttypecode", 64).readOnly(),
                        choice("notifications", Map.of(0, "None",
                                1, "The message was saved as a Microsoft Dynamics 365 email record, but not all the "
                                        + "attachments could be saved with it.",
                                2, "Truncated body")).readOnly(),
                        choice("correlationmethod", Map.of(0, "None", 1, "Skipped", 2, "XHeader", 3, "InReplyTo",
                                4, "TrackingToken", 5, "ConversationIndex", 6, "SmartMatching",
                                7, "CustomCorrelation")).readOnly())
                .lookups(
                        LookupDef.polymorphic("regardingobjectid", "regardingobjecttypecode",
                                new Target("regardingobjectid_contact_email", "contact"),
                                new Target("regardingobjectid_account_email", "account"),
                                new Target("regardingobjectid_lead_email", "lead")),
                        LookupDef.single("parentactivityid", "parentactivityid", NAME),
                        LookupDef.single("sendermailboxid", "sendermailboxid_email", "mailbox"),
                        LookupDef.single("ownerid", "ownerid", "systemuser").asReadOnly(),
                        LookupDef.single("templateid", "templateid", TemplateTable.NAME))
                .relations(new RelationDef(PARTIES, ActivityPartyTable.NAME, "activityid", true),
                        // Expandable ($expand=email_activity_mime_attachment($select=filename)); written on its own.
                        new RelationDef(ATTACHMENTS, AttachmentTables.MIME_ATTACHMENT, "objectid", false))
                .rules(new EmailRules())
                .privileges("Activity")
                .ownedBy(TableDef.Ownership.ownerColumn("ownerid"))
                .build();
    }
}
