package dev.mailroom.activity.tables;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.activity.odata.sql.RecordStore;
import dev.mailroom.activity.odata.sql.Sql;
import dev.mailroom.eventing.outbox.OutboxWriter;
import dev.mailroom.eventing.secrets.CredentialSeal;
import dev.mailroom.events.EmailApprovalSettingsChanged;
import dev.mailroom.events.EmailServerProfileChanged;
import dev.mailroom.events.MailboxChanged;
import dev.mailroom.events.MailboxOwnerChanged;
import dev.mailroom.events.MailroomEvent;
import dev.mailroom.events.Topics;

/**
 * Publishes what routers need to know about mailboxes, their owners, the organization's approval settings and email
 * server profiles to the compacted {@link Topics#MAILBOX_SETTINGS} topic, through the outbox in the transaction of
 * the change. Each event describes the whole row as it is after the change (the latest event of a key is the
 * state), read back in the same transaction; passwords go out sealed.
 */
@ApplicationScoped
public class MailboxSettingsEvents {

    private final OutboxWriter outbox;
    private final RecordStore store;
    private final CredentialSeal seal;

    public MailboxSettingsEvents(OutboxWriter outbox, RecordStore store, CredentialSeal seal) {
        this.outbox = outbox;
        this.store = store;
        this.seal = seal;
    }

    /** Seals a password column's value before it is stored: credentials are never at rest in clear either. */
    String sealed(Object password) {
        return password == null ? null : seal.seal(password.toString());
    }

    /** A row of {@code table} was written (or deleted: then {@code deleted} is its last state). */
    void changed(String table, UUID id, Map<String, Object> deleted) {
        Map<String, Object> row = deleted != null ? deleted : read(table, id);
        if (row == null) {
            return;
        }
        boolean gone = deleted != null;
        Instant now = Instant.now();
        MailroomEvent event = switch (table) {
            case "mailbox" -> new MailboxChanged(UUID.randomUUID(), now, id, gone, text(row, "emailaddress"),
                    number(row, "incomingemaildeliverymethod"), number(row, "outgoingemaildeliverymethod"),
                    number(row, "emailrouteraccessapproval"), uuid(row, "regardingobjectid"),
                    text(row, "regardingobjecttypecode"), uuid(row, "emailserverprofile"));
            case "systemuser" -> new MailboxOwnerChanged(UUID.randomUUID(), now, id, table, gone,
                    text(row, "internalemailaddress"), number(row, "emailrouteraccessapproval"));
            case "queue" -> new MailboxOwnerChanged(UUID.randomUUID(), now, id, table, gone,
                    text(row, "emailaddress"), number(row, "emailrouteraccessapproval"));
            case OrganizationTable.NAME -> new EmailApprovalSettingsChanged(UUID.randomUUID(), now, id,
                    flag(row, "requireapprovalforuseremail"), flag(row, "requireapprovalforqueueemail"));
            case "emailserverprofile" -> new EmailServerProfileChanged(UUID.randomUUID(), now, id, gone,
                    text(row, "incomingserverlocation"), integer(row, "incomingportnumber"),
                    flag(row, "incomingusessl"), text(row, "incomingusername"), sealed(row.get("incomingpassword")),
                    text(row, "outgoingserverlocation"), integer(row, "outgoingportnumber"),
                    flag(row, "outgoingusessl"), text(row, "outgoingusername"), sealed(row.get("outgoingpassword")));
            default -> throw new IllegalArgumentException("No mailbox settings event for table " + table);
        };
        String key = table + "/" + id;
        outbox.append(Topics.MAILBOX_SETTINGS, key, typeOf(event), id.toString(), event);
    }

    private Map<String, Object> read(String table, UUID id) {
        List<Map<String, Object>> rows = store.query(Sql.of("SELECT * FROM \"" + table + "\" WHERE \"" + table
                + "id\" = ?", id));
        return rows.isEmpty() ? null : rows.get(0);
    }

    private static String typeOf(MailroomEvent event) {
        if (event instanceof MailboxChanged) {
            return MailboxChanged.TYPE;
        }
        if (event instanceof MailboxOwnerChanged) {
            return MailboxOwnerChanged.TYPE;
        }
        return event instanceof EmailApprovalSettingsChanged ? EmailApprovalSettingsChanged.TYPE
                : EmailServerProfileChanged.TYPE;
    }

    private static String text(Map<String, Object> row, String column) {
        Object value = row.get(column);
        return value == null ? null : value.toString();
    }

    private static UUID uuid(Map<String, Object> row, String column) {
        Object value = row.get(column);
        return value == null ? null : value instanceof UUID id ? id : UUID.fromString(value.toString());
    }

    private static Integer integer(Map<String, Object> row, String column) {
        Object value = row.get(column);
        return value == null ? null : ((Number) value).intValue();
    }

    private static int number(Map<String, Object> row, String column) {
        Integer value = integer(row, column);
        return value == null ? 0 : value;
    }

    private static boolean flag(Map<String, Object> row, String column) {
        return Boolean.TRUE.equals(row.get(column));
    }
}
