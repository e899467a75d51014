package dev.mailroom.events;

import java.util.List;

/** Kafka topic names; a channel is named after its topic. */
public final class Topics {

    /** Emails ready for a router, keyed by sender mailbox so one mailbox's mail stays in order. */
    public static final String EMAIL_PENDING = "email-pending";
    /** Delivery progress reported by routers, keyed by activity id. */
    public static final String EMAIL_STATUS = "email-status";
    /** Emails created outside activity-service (bulk fan-out), keyed by activity id. */
    public static final String EMAIL_CREATED = "email-created";
    /** Incoming mail pulled from POP3/IMAP mailboxes, keyed by activity id. */
    public static final String EMAIL_INCOMING = "email-incoming";
    /** SendBulkMail requests, keyed by bulk job id. */
    public static final String BULK_MAIL_REQUESTED = "bulk-mail-requested";
    /** Bulk job progress, keyed by bulk job id. */
    public static final String BULK_MAIL_PROGRESS = "bulk-mail-progress";

    public static final List<String> ALL = List.of(EMAIL_PENDING, EMAIL_STATUS, EMAIL_CREATED, EMAIL_INCOMING,
            BULK_MAIL_REQUESTED, BULK_MAIL_PROGRESS);

    private Topics() {
    }
}
