package dev.mailroom.activity.security;

/**
 * Privilege names in Dataverse's vocabulary. A table's privileges are {@code prv<Verb><Entity>}, the entity
 * being the table's declared privilege name ({@code Activity} for email and its parties, {@code Contact}, ...);
 * these are the ones that are not about one table.
 */
public final class Privileges {

    /** Every privilege at organization level, including those of tables added later (System Administrator). */
    public static final String ALL = "*";
    /** Change {@code emailrouteraccessapproval} of a user, queue or mailbox. */
    public static final String APPROVE_EMAIL_ADDRESS = "prvApproveRejectEmailAddress";
    /** Act as another user ({@code MSCRMCallerID} / {@code CallerObjectId}). */
    public static final String IMPERSONATE = "prvActOnBehalfOfAnotherUser";
    /** Send an email (SendEmail). */
    public static final String SEND_EMAIL = "prvSendEmail";
    /** Send mail in bulk (a bulk-mail operation). */
    public static final String BULK_EMAIL = "prvBulkEmail";
    /** Give a security role to a user or take it away (systemuserroles_association). */
    public static final String ASSIGN_ROLE = "prvAssignRole";

    public static final String CREATE = "Create";
    public static final String READ = "Read";
    public static final String WRITE = "Write";
    public static final String DELETE = "Delete";
    public static final String APPEND = "Append";
    public static final String APPEND_TO = "AppendTo";

    private Privileges() {
    }

    /** How far a privilege reaches; the numbers are Dataverse's (Basic = 1, Global = 8). */
    public enum Depth {
        USER(1), ORGANIZATION(8);

        private final int code;

        Depth(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        public static Depth of(int code) {
            return code >= ORGANIZATION.code ? ORGANIZATION : USER;
        }
    }
}
