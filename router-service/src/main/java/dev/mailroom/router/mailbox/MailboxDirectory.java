package dev.mailroom.router.mailbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Looks up the senders of a whole batch in one query over the projections: read per batch, never cached, so a
 * change of approval or profile applies to the next batch without a restart.
 */
@ApplicationScoped
public class MailboxDirectory {

    private static final String SQL = "SELECT a.addr, m.mailbox_id, m.approval, coalesce(m.owner_type, o.owner_type), "
            + "o.approval, coalesce(s.require_user, FALSE), coalesce(s.require_queue, FALSE), p.profile_id, "
            + "p.outgoing_server, p.outgoing_port, p.outgoing_uses_ssl, p.outgoing_username, "
            + "p.outgoing_password_sealed "
            + "FROM unnest(?::text[]) AS a(addr) "
            + "LEFT JOIN LATERAL (SELECT * FROM mailbox WHERE lower(email_address) = a.addr AND NOT deleted "
            + "ORDER BY changed_at DESC LIMIT 1) m ON TRUE "
            + "LEFT JOIN LATERAL (SELECT * FROM mailbox_owner WHERE NOT deleted AND (owner_id = m.owner_id "
            + "OR (m.owner_id IS NULL AND lower(email_address) = a.addr)) ORDER BY changed_at DESC LIMIT 1) o ON TRUE "
            + "LEFT JOIN server_profile p ON p.profile_id = m.server_profile_id AND NOT p.deleted "
            + "LEFT JOIN LATERAL (SELECT bool_or(require_user_approval) AS require_user, "
            + "bool_or(require_queue_approval) AS require_queue FROM approval_settings) s ON TRUE";

    private final DataSource dataSource;

    public MailboxDirectory(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Settings by lower-cased address, one entry for every address asked for. */
    public Map<String, SenderSettings> lookup(Collection<String> addresses) {
        Map<String, SenderSettings> found = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(SQL)) {
            statement.setArray(1, connection.createArrayOf("text", addresses.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    UUID profileId = rows.getObject(8, UUID.class);
                    SenderSettings.OutgoingProfile profile = profileId == null ? null
                            : new SenderSettings.OutgoingProfile(profileId, rows.getString(9),
                                    (Integer) rows.getObject(10), rows.getBoolean(11), rows.getString(12),
                                    rows.getString(13));
                    found.put(rows.getString(1), new SenderSettings(rows.getString(1), rows.getObject(2, UUID.class),
                            (Integer) rows.getObject(3), rows.getString(4), (Integer) rows.getObject(5),
                            rows.getBoolean(6), rows.getBoolean(7), profile));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Mailbox lookup failed: " + e.getMessage(), e);
        }
        return found;
    }
}
