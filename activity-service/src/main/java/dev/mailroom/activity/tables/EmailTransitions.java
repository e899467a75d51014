package dev.mailroom.activity.tables;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The state changes a PATCH (SetState) may make to a completed or canceled email, which is otherwise read-only:
 * <ul>
 * <li>re-open: Canceled (5) or Completed (2) back to Open/Draft (0/1), as Dataverse re-activates an activity;
 * Sent, Received, Pending Send and Sending emails record real mail and are never re-opened;</li>
 * <li>an external sender's report on an email BackgroundSendEmail leased to it: Pending Send (6) or Sending (7)
 * to Sending (1/7), Sent (1/3) or Failed (0/8).</li>
 * </ul>
 * Changes from Open (Draft, Failed) are checked by {@link EmailRules}: Draft/Failed to Completed (1/2) or Canceled
 * (2/5), and back to Draft.
 */
final class EmailTransitions {

    private static final Set<String> STATE_COLUMNS = Set.of("statecode", "statuscode");
    private static final Set<Integer> REOPENABLE = Set.of(2, 5);
    private static final Set<Integer> LEASED = Set.of(6, 7);

    private EmailTransitions() {
    }

    static boolean allowsOnClosed(Map<String, Object> current, Map<String, Object> changes) {
        if (changes.isEmpty() || !STATE_COLUMNS.containsAll(changes.keySet())) {
            return false;
        }
        Object state = changes.getOrDefault("statecode", current.get("statecode"));
        Object status = changes.get("statuscode");
        if (status == null) {
            status = Objects.equals(state, 0) ? 1 : Objects.equals(state, 1) ? 2 : 5;
            changes.put("statuscode", status);
        }
        Object from = current.get("statuscode");
        if (REOPENABLE.contains(from)) {
            return Objects.equals(state, 0) && Objects.equals(status, 1);
        }
        if (LEASED.contains(from) && current.get("backgroundsendleaseduntil") != null) {
            return Objects.equals(state, 1) && (Objects.equals(status, 7) || Objects.equals(status, 3))
                    || Objects.equals(state, 0) && Objects.equals(status, 8);
        }
        return false;
    }
}
