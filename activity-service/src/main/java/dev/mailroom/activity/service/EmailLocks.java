package dev.mailroom.activity.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.mailroom.activity.repository.ArrayParameters;

/**
 * Transaction-scoped advisory locks on email ids, taken before looking for a row that may not exist yet: a status
 * report and the creation of its email then take turns, so the report is either applied to the row or parked where
 * the creation will find it, never lost between the two. Locks are taken in key order, so two batches never
 * deadlock; a hash collision only makes two emails wait for each other.
 */
@ApplicationScoped
public class EmailLocks {

    /** First half of the two-part advisory key, keeping these locks apart from other advisory locks. */
    private static final int EMAIL_LOCK_SPACE = 0x454d4c;

    private final DataSource dataSource;

    public EmailLocks(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void lock(Collection<UUID> activityIds) {
        if (activityIds.isEmpty()) {
            return;
        }
        String sql = "SELECT count(pg_advisory_xact_lock(?, k)) FROM (SELECT DISTINCT hashtext(id::text) AS k "
                + "FROM unnest(?::uuid[]) AS id ORDER BY k) AS keys";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, EMAIL_LOCK_SPACE);
            statement.setObject(2, ArrayParameters.uuids(activityIds));
            statement.executeQuery().close();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not lock emails: " + e.getMessage(), e);
        }
    }
}
