package dev.mailroom.activity.tables;

import static dev.mailroom.activity.odata.model.ColumnDef.choice;
import static dev.mailroom.activity.odata.model.ColumnDef.dateTime;
import static dev.mailroom.activity.odata.model.ColumnDef.guid;
import static dev.mailroom.activity.odata.model.ColumnDef.integer;
import static dev.mailroom.activity.odata.model.ColumnDef.memo;
import static dev.mailroom.activity.odata.model.ColumnDef.string;

import java.util.Map;

import dev.mailroom.activity.odata.model.ColumnDef;
import dev.mailroom.activity.odata.model.TableDef;

/**
 * {@code asyncoperation} (system jobs, e.g. a bulk email): written by the service; a client may only cancel a job
 * (statuscode 22 Canceling, see AsyncOperationRules) or delete a completed one. A bulk job's counts are the
 * {@code mailroom_*} columns (a publisher prefix, as Dataverse custom columns have).
 */
public final class AsyncOperationTable {

    private AsyncOperationTable() {
    }

    public static TableDef definition() {
        return TableDef.table("asyncoperation", "asyncoperations", "asyncoperationid")
                .primaryName("name")
                .columns(string("name", 256).readOnly(),
                        choice("operationtype", Map.of(1, "System Event", 2, "Bulk Email", 10, "Workflow",
                                11, "Quick Campaign", 13, "Bulk Delete", 50, "Outgoing Activity",
                                51, "Incoming Email Processing", 52, "Mailbox Test Access",
                                54, "Execute Async Request")).readOnly(),
                        choice("statecode", Map.of(0, "Ready", 1, "Suspended", 2, "Locked", 3, "Completed"))
                                .readOnly(),
                        choice("statuscode", Map.of(0, "Waiting For Resources", 10, "Waiting", 20, "In Progress",
                                21, "Pausing", 22, "Canceling", 30, "Succeeded", 31, "Failed", 32, "Canceled")),
                        string("messagename", 160).readOnly(), memo("message", 100_000).readOnly(),
                        memo("friendlymessage", 100_000).readOnly(),
                        integer("errorcode", Integer.MIN_VALUE, Integer.MAX_VALUE).readOnly(),
                        dateTime("startedon").readOnly(), dateTime("completedon").readOnly(),
                        guid("regardingobjectid").readOnly(), string("regardingobjecttypecode", 64).readOnly(),
                        count("mailroom_total"), count("mailroom_created"), count("mailroom_skipped"),
                        count("mailroom_sent"), count("mailroom_failed"))
                .rules(new AsyncOperationRules())
                .privileges("AsyncOperation")
                .build();
    }

    private static ColumnDef count(String name) {
        return integer(name, 0, Integer.MAX_VALUE).readOnly();
    }
}
