package dev.mailroom.router.mailbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.mailroom.events.EmailApprovalSettingsChanged;
import dev.mailroom.events.EmailServerProfileChanged;
import dev.mailroom.events.MailboxChanged;
import dev.mailroom.events.MailboxOwnerChanged;

/**
 * Applies mailbox settings events to the router's projections: one upsert each, ignored when the row already
 * reflects a later event (a replay after a rebalance cannot turn the clock back).
 */
@ApplicationScoped
@Transactional
public class MailboxProjections {

    private final DataSource dataSource;

    public MailboxProjections(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void apply(MailboxChanged event) {
        upsert("INSERT INTO mailbox (mailbox_id, email_address, incoming_method, outgoing_method, approval, owner_id, "
                + "owner_type, server_profile_id, deleted, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (mailbox_id) DO UPDATE SET email_address = EXCLUDED.email_address, "
                + "incoming_method = EXCLUDED.incoming_method, outgoing_method = EXCLUDED.outgoing_method, "
                + "approval = EXCLUDED.approval, owner_id = EXCLUDED.owner_id, owner_type = EXCLUDED.owner_type, "
                + "server_profile_id = EXCLUDED.server_profile_id, deleted = EXCLUDED.deleted, "
                + "changed_at = EXCLUDED.changed_at WHERE mailbox.changed_at <= EXCLUDED.changed_at",
                event.mailboxId(), event.emailAddress(), event.incomingDeliveryMethod(),
                event.outgoingDeliveryMethod(), event.approval(), event.ownerId(), event.ownerType(),
                event.serverProfileId(), event.deleted(), Timestamp.from(event.occurredAt()));
    }

    public void apply(MailboxOwnerChanged event) {
        upsert("INSERT INTO mailbox_owner (owner_id, owner_type, email_address, approval, deleted, changed_at) "
                + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (owner_id) DO UPDATE SET owner_type = EXCLUDED.owner_type, "
                + "email_address = EXCLUDED.email_address, approval = EXCLUDED.approval, deleted = EXCLUDED.deleted, "
                + "changed_at = EXCLUDED.changed_at WHERE mailbox_owner.changed_at <= EXCLUDED.changed_at",
                event.ownerId(), event.ownerType(), event.emailAddress(), event.approval(), event.deleted(),
                Timestamp.from(event.occurredAt()));
    }

    public void apply(EmailApprovalSettingsChanged event) {
        upsert("INSERT INTO approval_settings (organization_id, require_user_approval, require_queue_approval, "
                + "changed_at) VALUES (?, ?, ?, ?) ON CONFLICT (organization_id) DO UPDATE SET "
                + "require_user_approval = EXCLUDED.require_user_approval, "
                + "require_queue_approval = EXCLUDED.require_queue_approval, changed_at = EXCLUDED.changed_at "
                + "WHERE approval_settings.changed_at <= EXCLUDED.changed_at",
                event.organizationId(), event.requireApprovalForUserEmail(), event.requireApprovalForQueueEmail(),
                Timestamp.from(event.occurredAt()));
    }

    public void apply(EmailServerProfileChanged event) {
        upsert("INSERT INTO server_profile (profile_id, incoming_server, incoming_port, incoming_uses_ssl, "
                + "incoming_username, incoming_password_sealed, outgoing_server, outgoing_port, outgoing_uses_ssl, "
                + "outgoing_username, outgoing_password_sealed, deleted, changed_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (profile_id) DO UPDATE SET "
                + "incoming_server = EXCLUDED.incoming_server, incoming_port = EXCLUDED.incoming_port, "
                + "incoming_uses_ssl = EXCLUDED.incoming_uses_ssl, incoming_username = EXCLUDED.incoming_username, "
                + "incoming_password_sealed = EXCLUDED.incoming_password_sealed, "
                + "outgoing_server = EXCLUDED.outgoing_server, outgoing_port = EXCLUDED.outgoing_port, "
                + "outgoing_uses_ssl = EXCLUDED.outgoing_uses_ssl, outgoing_username = EXCLUDED.outgoing_username, "
                + "outgoing_password_sealed = EXCLUDED.outgoing_password_sealed, deleted = EXCLUDED.deleted, "
                + "changed_at = EXCLUDED.changed_at WHERE server_profile.changed_at <= EXCLUDED.changed_at",
                event.profileId(), event.incomingServer(), event.incomingPort(), event.incomingUsesSsl(),
                event.incomingUsername(), event.incomingPasswordSealed(), event.outgoingServer(),
                event.outgoingPort(), event.outgoingUsesSsl(), event.outgoingUsername(),
                event.outgoingPasswordSealed(), event.deleted(), Timestamp.from(event.occurredAt()));
    }

    private void upsert(String sql, Object... params) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                if (params[i] == null) {
                    statement.setNull(i + 1, Types.OTHER);
                } else if (params[i] instanceof UUID id) {
                    statement.setObject(i + 1, id);
                } else {
                    statement.setObject(i + 1, params[i]);
                }
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Mailbox projection update failed: " + e.getMessage(), e);
        }
    }
}
