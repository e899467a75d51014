package dev.mailroom.router.incoming;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.mailroom.eventing.outbox.OutboxWriter;
import dev.mailroom.events.IncomingEmailReceived;
import dev.mailroom.events.Topics;
import dev.mailroom.router.mailbox.SenderSettings;

/**
 * Polling leases and checkpoints of server-side mailboxes. A router polls a mailbox only under its lease, and the
 * events of a chunk of messages commit in one transaction with the checkpoint that covers them, fenced by the lease:
 * a router that lost its lease publishes nothing, and one that died leaves the checkpoint where its last commit put
 * it, so its successor publishes each message exactly once.
 */
@ApplicationScoped
public class IncomingCheckpoints {

    private final DataSource dataSource;
    private final OutboxWriter outbox;

    public IncomingCheckpoints(DataSource dataSource, OutboxWriter outbox) {
        this.dataSource = dataSource;
        this.outbox = outbox;
    }

    /**
     * Takes the leases of up to {@code limit} server-side mailboxes that are due and not held by a live lease, and
     * returns them with their checkpoints and settings.
     */
    @Transactional
    public List<PolledMailbox> lease(String routerId, Duration lease, int limit) {
        String take = "INSERT INTO incoming_poll AS ip (mailbox_id, held_by, lease_until) "
                + "SELECT m.mailbox_id, ?, now() + make_interval(secs => ?) FROM mailbox m "
                + "JOIN server_profile p ON p.profile_id = m.server_profile_id AND NOT p.deleted "
                + "LEFT JOIN incoming_poll cur ON cur.mailbox_id = m.mailbox_id "
                + "WHERE NOT m.deleted AND m.incoming_method = 2 AND coalesce(p.incoming_server, '') <> '' "
                + "AND (cur.mailbox_id IS NULL OR ((cur.lease_until IS NULL OR cur.lease_until < now()) "
                + "AND (cur.next_poll_at IS NULL OR cur.next_poll_at <= now()))) "
                + "ORDER BY cur.next_poll_at NULLS FIRST LIMIT ? "
                + "ON CONFLICT (mailbox_id) DO UPDATE SET held_by = EXCLUDED.held_by, "
                + "lease_until = EXCLUDED.lease_until "
                + "WHERE (ip.lease_until IS NULL OR ip.lease_until < now()) "
                + "AND (ip.next_poll_at IS NULL OR ip.next_poll_at <= now()) RETURNING ip.mailbox_id";
        String read = "SELECT m.mailbox_id, m.email_address, m.approval, coalesce(m.owner_type, o.owner_type), "
                + "o.approval, coalesce(s.require_user, FALSE), coalesce(s.require_queue, FALSE), "
                + "p.incoming_server, p.incoming_port, p.incoming_uses_ssl, p.incoming_username, "
                + "p.incoming_password_sealed, ip.uid_validity, ip.last_uid "
                + "FROM incoming_poll ip JOIN mailbox m ON m.mailbox_id = ip.mailbox_id "
                + "JOIN server_profile p ON p.profile_id = m.server_profile_id "
                + "LEFT JOIN mailbox_owner o ON o.owner_id = m.owner_id AND NOT o.deleted "
                + "LEFT JOIN LATERAL (SELECT bool_or(require_user_approval) AS require_user, "
                + "bool_or(require_queue_approval) AS require_queue FROM approval_settings) s ON TRUE "
                + "WHERE ip.mailbox_id = ANY(?::uuid[])";
        try (Connection connection = dataSource.getConnection()) {
            List<UUID> taken = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(take)) {
                statement.setString(1, routerId);
                statement.setDouble(2, lease.toMillis() / 1000.0);
                statement.setInt(3, limit);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        taken.add(rows.getObject(1, UUID.class));
                    }
                }
            }
            List<PolledMailbox> mailboxes = new ArrayList<>();
            if (taken.isEmpty()) {
                return mailboxes;
            }
            try (PreparedStatement statement = connection.prepareStatement(read)) {
                statement.setArray(1, connection.createArrayOf("uuid", taken.toArray()));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        SenderSettings settings = new SenderSettings(rows.getString(2),
                                rows.getObject(1, UUID.class), (Integer) rows.getObject(3), rows.getString(4),
                                (Integer) rows.getObject(5), rows.getBoolean(6), rows.getBoolean(7), null);
                        Long validity = (Long) rows.getObject(13);
                        mailboxes.add(new PolledMailbox(rows.getObject(1, UUID.class), settings, rows.getString(8),
                                (Integer) rows.getObject(9), rows.getBoolean(10), rows.getString(11),
                                rows.getString(12), validity, rows.getLong(14)));
                    }
                }
            }
            return mailboxes;
        } catch (SQLException e) {
            throw new IllegalStateException("Incoming lease failed: " + e.getMessage(), e);
        }
    }

    /** The POP3 UIDLs of a mailbox already published. */
    @Transactional
    public Set<String> seenUidls(UUID mailboxId) {
        Set<String> seen = new HashSet<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT uidl FROM incoming_seen_uidl WHERE mailbox_id = ?")) {
            statement.setObject(1, mailboxId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    seen.add(rows.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Reading POP3 checkpoints failed: " + e.getMessage(), e);
        }
        return seen;
    }

    /**
     * Publishes a chunk of IMAP messages and moves the checkpoint past them, in one transaction under the lease.
     *
     * @throws LeaseLostException when this router no longer holds the lease: nothing is published
     */
    @Transactional
    public void commitImap(UUID mailboxId, String routerId, long uidValidity, long lastUid,
            List<IncomingEmailReceived> events) {
        fenced(mailboxId, routerId, "UPDATE incoming_poll SET uid_validity = ?, last_uid = ? "
                + "WHERE mailbox_id = ? AND held_by = ? AND lease_until > now()", uidValidity, lastUid);
        publish(events);
    }

    /** Publishes a chunk of POP3 messages and remembers their UIDLs, in one transaction under the lease. */
    @Transactional
    public void commitPop3(UUID mailboxId, String routerId, Collection<String> uidls,
            List<IncomingEmailReceived> events) {
        fenced(mailboxId, routerId, "UPDATE incoming_poll SET last_uid = last_uid + ? "
                + "WHERE mailbox_id = ? AND held_by = ? AND lease_until > now()", (long) uidls.size());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("INSERT INTO incoming_seen_uidl "
                        + "(mailbox_id, uidl) SELECT ?, unnest(?::text[]) ON CONFLICT DO NOTHING")) {
            statement.setObject(1, mailboxId);
            statement.setArray(2, connection.createArrayOf("text", uidls.toArray()));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Writing POP3 checkpoints failed: " + e.getMessage(), e);
        }
        publish(events);
    }

    /** Forgets UIDLs no longer on the server (deleted there), so the checkpoint does not grow for ever. */
    @Transactional
    public void forgetUidlsExcept(UUID mailboxId, Collection<String> onServer) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("DELETE FROM incoming_seen_uidl "
                        + "WHERE mailbox_id = ? AND NOT (uidl = ANY(?::text[]))")) {
            statement.setObject(1, mailboxId);
            statement.setArray(2, connection.createArrayOf("text", onServer.toArray()));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Pruning POP3 checkpoints failed: " + e.getMessage(), e);
        }
    }

    /** Gives the lease back and sets the next poll; records the error of a failed poll (null when it went well). */
    @Transactional
    public void release(UUID mailboxId, String routerId, Duration nextPollIn, String error) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("UPDATE incoming_poll SET held_by = NULL, "
                        + "lease_until = NULL, next_poll_at = now() + make_interval(secs => ?), last_error = ? "
                        + "WHERE mailbox_id = ? AND held_by = ?")) {
            statement.setDouble(1, nextPollIn.toMillis() / 1000.0);
            statement.setString(2, error);
            statement.setObject(3, mailboxId);
            statement.setString(4, routerId);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Releasing the incoming lease failed: " + e.getMessage(), e);
        }
    }

    private void publish(List<IncomingEmailReceived> events) {
        outbox.appendAll(Topics.EMAIL_INCOMING, IncomingEmailReceived.TYPE, events,
                event -> event.activityId().toString());
    }

    private void fenced(UUID mailboxId, String routerId, String sql, long first, long... more) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = 1;
            statement.setLong(index++, first);
            for (long value : more) {
                statement.setLong(index++, value);
            }
            statement.setObject(index++, mailboxId);
            statement.setString(index, routerId);
            if (statement.executeUpdate() == 0) {
                throw new LeaseLostException(mailboxId);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Writing the incoming checkpoint failed: " + e.getMessage(), e);
        }
    }

    /** This router's lease on a mailbox ran out or was taken: its chunk is not published. */
    public static final class LeaseLostException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LeaseLostException(UUID mailboxId) {
            super("The polling lease of mailbox " + mailboxId + " is no longer this router's");
        }
    }
}
