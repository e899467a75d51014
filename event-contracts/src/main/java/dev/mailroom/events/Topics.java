package dev.mailroom.events;

import java.util.List;

/** Kafka topic names; a channel is named after its topic. */
public final class Topics {

    /**
     * Emails ready for a router, keyed by activity id so one sender's campaign spreads over every partition (SMTP
     * promises no order between messages anyway). Routers do not rely on the key.
     */
    public static final String EMAIL_PENDING = "email-pending";
    /**
     * Records of {@link #EMAIL_PENDING} a router could not act on (another CloudEvent type or spec version, an
     * unreadable payload), with the original headers and key plus {@code dlq-reason} and where it came from.
     */
    public static final String EMAIL_PENDING_DLQ = "email-pending-dlq";
    /** Delivery progress reported by routers, keyed by activity id. */
    public static final String EMAIL_STATUS = "email-status";
    /** Emails created outside activity-service (bulk fan-out), keyed by activity id. */
    public static final String EMAIL_CREATED = "email-created";
    /** Incoming mail pulled from POP3/IMAP mailboxes, keyed by activity id. */
    public static final String EMAIL_INCOMING = "email-incoming";
    /**
     * Incoming messages a router could not read (MIME that does not parse), keyed by mailbox id: the raw message
     * as the server returned it, with {@code dlq-reason}, {@code dlq-mailbox-id} and {@code dlq-server-key}.
     */
    public static final String EMAIL_INCOMING_DLQ = "email-incoming-dlq";
    /** SendBulkMail requests, keyed by bulk job id. */
    public static final String BULK_MAIL_REQUESTED = "bulk-mail-requested";
    /** Bulk job progress, keyed by bulk job id. */
    public static final String BULK_MAIL_PROGRESS = "bulk-mail-progress";

    /** Pages of a bulk job's recipients shared by bulk-mail-service instances, keyed by job id and page number. */
    public static final String BULK_MAIL_PAGES = "bulk-mail-pages";

    /**
     * Mailboxes, their owners' approval, the organization's approval settings and email server profiles, as
     * activity-service changes them; keyed {@code <table>/<id>}. Compacted: the latest event per key is the state,
     * so a new router rebuilds its projections from the start of the topic.
     */
    public static final String MAILBOX_SETTINGS = "mailbox-settings";

    /** An email's lifecycle for consumers: created, received, canceled; keyed by activity id. */
    public static final String EMAIL_LIFECYCLE = "email-lifecycle";

    public static final List<String> ALL = List.of(EMAIL_PENDING, EMAIL_PENDING_DLQ, EMAIL_STATUS, EMAIL_CREATED,
            EMAIL_INCOMING, BULK_MAIL_REQUESTED, BULK_MAIL_PROGRESS, BULK_MAIL_PAGES,
            MAILBOX_SETTINGS, EMAIL_LIFECYCLE, EMAIL_INCOMING_DLQ);

    /** Topics whose cleanup policy is {@code compact}: state, not facts. */
    public static final List<String> COMPACTED = List.of(MAILBOX_SETTINGS);

    private Topics() {
    }
}
