package dev.mailroom.activity.tables;

import java.util.Map;

/** Choice (option set) values shared by several tables, with Dataverse's labels. */
final class Choices {

    static final Map<Integer, String> PRIORITY = Map.of(0, "Low", 1, "Normal", 2, "High");
    static final Map<Integer, String> EMAIL_ROUTER_APPROVAL =
            Map.of(0, "Empty", 1, "Approved", 2, "Pending Approval", 3, "Rejected");
    static final Map<Integer, String> ACTIVE_STATE = Map.of(0, "Active", 1, "Inactive");

    private Choices() {
    }
}
