package dev.mailroom.activity.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.mailroom.activity.EmailStatus;
import dev.mailroom.events.EmailStatusChanged;

/**
 * Status reports for emails that do not exist yet. Events travel on separate topics, so a bulk email's Sent may
 * arrive before its EmailCreated; the report waits here and is applied when the email is created. Callers hold the
 * email's lock ({@link EmailLocks}).
 */
@ApplicationScoped
public class ParkedStatuses {

    private final DataSource dataSource;

    public ParkedStatuses(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void park(EmailStatusChanged report) {
        String sql = "INSERT INTO parked_email_status (event_id, activityid, statuscode, messageid, deliveryattempts, "
                + "occurredat) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, report.eventId());
            statement.setObject(2, report.activityId());
            statement.setInt(3, report.statuscode());
            statement.setString(4, report.messageId());
            statement.setInt(5, report.deliveryAttempts());
            statement.setTimestamp(6, Timestamp.from(report.occurredAt()));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not park a status report: " + e.getMessage(), e);
        }
    }

    /**
     * Parks many reports in one statement (a status batch whose emails are not created yet: a bulk job's sends often
     * overtake their EmailCreated), in the order given.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void parkAll(List<EmailStatusChanged> reports) {
        if (reports.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO parked_email_status (event_id, activityid, statuscode, messageid, deliveryattempts, "
                + "occurredat) SELECT u.id, u.activity, u.status, u.messageid, u.attempts, u.at "
                + "FROM unnest(?::uuid[], ?::uuid[], ?::int[], ?::text[], ?::int[], ?::timestamptz[]) WITH ORDINALITY "
                + "AS u(id, activity, status, messageid, attempts, at, n) ORDER BY u.n "
                + "ON CONFLICT (event_id) DO NOTHING";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("uuid",
                    reports.stream().map(EmailStatusChanged::eventId).toArray()));
            statement.setArray(2, connection.createArrayOf("uuid",
                    reports.stream().map(EmailStatusChanged::activityId).toArray()));
            statement.setArray(3, connection.createArrayOf("int4",
                    reports.stream().map(EmailStatusChanged::statuscode).toArray()));
            statement.setArray(4, connection.createArrayOf("text",
                    reports.stream().map(EmailStatusChanged::messageId).toArray()));
            statement.setArray(5, connection.createArrayOf("int4",
                    reports.stream().map(EmailStatusChanged::deliveryAttempts).toArray()));
            statement.setArray(6, connection.createArrayOf("timestamptz",
                    reports.stream().map(report -> Timestamp.from(report.occurredAt())).toArray()));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not park status reports: " + e.getMessage(), e);
        }
    }

    /**
     * Removes the reports parked for these emails and returns, per email, what they add up to: the highest-ranked
     * status (the earliest report of that rank), the last Message-ID and the most attempts.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<UUID, Converged> take(Collection<UUID> activityIds) {
        Map<UUID, Converged> result = new HashMap<>();
        if (activityIds.isEmpty()) {
            return result;
        }
        String sql = "DELETE FROM parked_email_status WHERE activityid = ANY(?::uuid[]) "
                + "RETURNING activityid, statuscode, messageid, deliveryattempts, occurredat";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("uuid", activityIds.toArray()));
            List<Converged> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    EmailStatus.fromStatuscode(rs.getInt(2)).ifPresent(status -> {
                        try {
                            rows.add(new Converged(rs.getObject(1, UUID.class), status, rs.getString(3),
                                    rs.getInt(4), rs.getTimestamp(5).toInstant()));
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                }
            }
            rows.sort((a, b) -> a.occurredAt().compareTo(b.occurredAt()));
            for (Converged row : rows) {
                result.merge(row.activityId(), row, Converged::with);
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read parked status reports: " + e.getMessage(), e);
        }
    }

    /** What the parked reports of one email add up to. */
    public record Converged(UUID activityId, EmailStatus status, String messageId, int deliveryAttempts,
            Instant occurredAt) {

        /** Folds a later report in: a status moves only forward by rank; attempts only grow. */
        public Converged with(Converged later) {
            boolean forward = status.isOvertakenBy(later.status);
            return new Converged(activityId, forward ? later.status : status,
                    later.messageId != null ? later.messageId : messageId,
                    Math.max(deliveryAttempts, later.deliveryAttempts), forward ? later.occurredAt : occurredAt);
        }
    }
}
