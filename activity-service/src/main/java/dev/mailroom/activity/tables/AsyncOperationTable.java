package dev.mailroom.activity.tables;

import static dev.mailroom.activity.odata.model.ColumnDef.choice;
import static dev.mailroom.activity.odata.model.ColumnDef.dateTime;
import static dev.mailroom.activity.odata.model.ColumnDef.integer;
import static dev.mailroom.activity.odata.model.ColumnDef.memo;
import static dev.mailroom.activity.odata.model.ColumnDef.string;

import java.util.Map;

import dev.mailroom.activity.odata.model.TableDef;

/** {@code asyncoperation} (system jobs, e.g. a bulk email): read-only to clients, written by the service. */
public final class AsyncOperationTable {

    private AsyncOperationTable() {
    }

    public static TableDef definition() {
        return TableDef.table("asyncoperation", "asyncoperations", "asyncoperationid")
                .primaryName("name")
                .columns(string("name", 256),
                        choice("operationtype", Map.of(1, "System Event", 2, "Bulk Email", 10, "Workflow",
                                11, "Quick Campaign", 13, "Bulk Delete", 50, "Outgoing Activity",
                                51, "Incoming Email Processing", 52, "Mailbox Test Access",
                                54, "Execute Async Request")),
                        choice("statecode", Map.of(0, "Ready", 1, "Suspended", 2, "Locked", 3, "Completed")),
                        choice("statuscode", Map.of(0, "Waiting For Resources", 10, "Waiting", 20, "In Progress",
                                21, "Pausing", 22, "Canceling", 30, "Succeeded", 31, "Failed", 32, "Canceled")),
                        string("messagename", 160), memo("message", 100_000), memo("friendlymessage", 100_000),
                        integer("errorcode", Integer.MIN_VALUE, Integer.MAX_VALUE), dateTime("startedon"),
                        dateTime("completedon"))
                .readOnly()
                .privileges("AsyncOperation")
                .build();
    }
}
