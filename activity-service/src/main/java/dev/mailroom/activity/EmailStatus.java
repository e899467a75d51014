package dev.mailroom.activity;

import java.util.Arrays;
import java.util.Optional;

/**
 * The email's statuscode with its statecode (Dataverse values) and a rank: status events may arrive in any order,
 * and a change is applied only when it ranks higher, so every order converges to the same row.
 */
public enum EmailStatus {
    DRAFT(1, EmailState.OPEN, 0, "Draft"),
    FAILED(8, EmailState.OPEN, 3, "Failed"),
    COMPLETED(2, EmailState.COMPLETED, 3, "Completed"),
    SENT(3, EmailState.COMPLETED, 3, "Sent"),
    RECEIVED(4, EmailState.COMPLETED, 3, "Received"),
    PENDING_SEND(6, EmailState.COMPLETED, 1, "Pending Send"),
    SENDING(7, EmailState.COMPLETED, 2, "Sending"),
    CANCELED(5, EmailState.CANCELED, 3, "Canceled");

    private final int statuscode;
    private final EmailState state;
    private final int rank;
    private final String label;

    EmailStatus(int statuscode, EmailState state, int rank, String label) {
        this.statuscode = statuscode;
        this.state = state;
        this.rank = rank;
        this.label = label;
    }

    public int statuscode() {
        return statuscode;
    }

    public EmailState state() {
        return state;
    }

    public String label() {
        return label;
    }

    /** Whether this is where a delivery ends, counted by a bulk job as sent or failed. */
    public boolean isDeliveryOutcome() {
        return this == SENT || this == FAILED;
    }

    /** Whether moving from this status to {@code next} is progress along the delivery path. */
    public boolean isOvertakenBy(EmailStatus next) {
        return next.rank > rank;
    }

    /** Where this status stands on the delivery path: a report moves an email only to a higher rank. */
    public int rank() {
        return rank;
    }

    /**
     * The rank of the statuscode in {@code column}, as a SQL expression, so that a statement can keep the same rule
     * under the row lock it takes: an array of the ranks indexed by statuscode (NULL, so never overtaken, for a code
     * outside this list).
     */
    public static String rankOfColumn(String column) {
        int highest = Arrays.stream(values()).mapToInt(EmailStatus::statuscode).max().orElseThrow();
        String[] ranks = new String[highest];
        Arrays.fill(ranks, "NULL");
        for (EmailStatus status : values()) {
            ranks[status.statuscode - 1] = Integer.toString(status.rank);
        }
        return "(ARRAY[" + String.join(", ", ranks) + "]::int[])[" + column + "]";
    }

    public static Optional<EmailStatus> fromStatuscode(int statuscode) {
        return Arrays.stream(values()).filter(status -> status.statuscode == statuscode).findFirst();
    }

    /** Dataverse statecode. */
    public enum EmailState {
        OPEN(0, "Open"),
        COMPLETED(1, "Completed"),
        CANCELED(2, "Canceled");

        private final int statecode;
        private final String label;

        EmailState(int statecode, String label) {
            this.statecode = statecode;
            this.label = label;
        }

        public int statecode() {
            return statecode;
        }

        public String label() {
            return label;
        }
    }
}
