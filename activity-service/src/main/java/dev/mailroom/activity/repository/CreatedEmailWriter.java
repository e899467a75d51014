package dev.mailroom.activity.repository;

import static dev.mailroom.activity.repository.ArrayParameters.booleans;
import static dev.mailroom.activity.repository.ArrayParameters.ints;
import static dev.mailroom.activity.repository.ArrayParameters.texts;
import static dev.mailroom.activity.repository.ArrayParameters.uuids;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.mailroom.activity.EmailStatus;
import dev.mailroom.activity.ParticipationType;
import dev.mailroom.activity.service.ParkedStatuses.Converged;
import dev.mailroom.eventing.ids.TimeOrderedIds;
import dev.mailroom.events.EmailCreated;

/**
 * Writes emails created elsewhere (a bulk job's fan-out) a batch at a time: one statement for the emails, one for
 * their parties, one for the statuses that were waiting for them, whatever the batch's size.
 */
@ApplicationScoped
public class CreatedEmailWriter {

    /** Column widths of email and activityparty: a longer value is cut rather than fail the whole batch. */
    private static final int SUBJECT_LENGTH = 800;
    private static final int SENDER_LENGTH = 250;
    private static final int RECIPIENTS_LENGTH = 500;
    private static final int ADDRESS_LENGTH = 320;
    private static final int TYPE_LENGTH = 64;

    /** A batch's statuses, each moving its row only to a higher rank (see {@link #applyConverged}). */
    private static final String APPLY_CONVERGED = "UPDATE email e SET statuscode = u.status, statecode = u.state, "
            + "messageid = COALESCE(u.messageid, e.messageid), deliveryattempts = GREATEST(e.deliveryattempts, "
            + "u.attempts), senton = CASE WHEN u.sent THEN u.at ELSE e.senton END, modifiedon = now(), "
            + "versionnumber = e.versionnumber + 1 FROM unnest(?::uuid[], ?::int[], ?::int[], ?::text[], ?::int[], "
            + "?::bool[], ?::timestamptz[], ?::int[]) AS u(id, status, state, messageid, attempts, sent, at, rank) "
            + "WHERE e.activityid = u.id AND u.rank > " + EmailStatus.rankOfColumn("e.statuscode")
            + " RETURNING e.activityid, e.statuscode, e.asyncoperationid";

    private final DataSource dataSource;

    public CreatedEmailWriter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Inserts the emails not there yet, Pending Send, with their sender and To parties.
     *
     * @return the ids of the emails inserted now (an id already present is left as it is)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<UUID> insert(List<EmailCreated> emails) {
        Set<UUID> inserted = new HashSet<>();
        if (emails.isEmpty()) {
            return inserted;
        }
        String sql = "INSERT INTO email (activityid, subject, description, directioncode, statecode, statuscode, "
                + "sender, torecipients, regardingobjectid, regardingobjecttypecode, asyncoperationid, createdon, "
                + "modifiedon) SELECT u.id, u.subject, u.body, TRUE, ?, ?, u.sender, u.recipients, u.regarding, "
                + "u.regardingtype, u.job, u.at, u.at "
                + "FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::uuid[], ?::text[], ?::uuid[], "
                + "?::timestamptz[]) AS u(id, subject, body, sender, recipients, regarding, regardingtype, job, at) "
                + "ON CONFLICT (activityid) DO NOTHING RETURNING activityid";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, EmailStatus.PENDING_SEND.state().statecode());
            statement.setInt(2, EmailStatus.PENDING_SEND.statuscode());
            statement.setObject(3, uuids(emails, EmailCreated::activityId));
            statement.setObject(4, texts(emails, e -> cut(e.subject(), SUBJECT_LENGTH)));
            statement.setObject(5, texts(emails, EmailCreated::htmlBody));
            statement.setObject(6, texts(emails, e -> cut(e.from(), SENDER_LENGTH)));
            statement.setObject(7, texts(emails, e -> cut(e.to(), RECIPIENTS_LENGTH)));
            statement.setObject(8, uuids(emails, EmailCreated::regardingObjectId));
            statement.setObject(9, texts(emails, e -> cut(e.regardingObjectTypeCode(), TYPE_LENGTH)));
            statement.setObject(10, uuids(emails, EmailCreated::asyncOperationId));
            statement.setObject(11, texts(emails, e -> e.occurredAt().toString()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getObject(1, UUID.class));
                }
            }
            insertParties(connection, emails.stream().filter(e -> inserted.contains(e.activityId())).toList());
            return inserted;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not write a batch of created emails: " + e.getMessage(), e);
        }
    }

    private void insertParties(Connection connection, List<EmailCreated> emails) throws SQLException {
        if (emails.isEmpty()) {
            return;
        }
        List<Object[]> parties = new ArrayList<>();
        // Time-ordered party ids (UUID version 7, as every id activity-service makes): a random id put each row's
        // primary-key entry on a random leaf page of activityparty_pkey, a page dirtied (and after a checkpoint
        // written whole to the WAL) per row; ids that grow land on the index's right-most pages, a few per batch.
        for (EmailCreated email : emails) {
            parties.add(new Object[] {TimeOrderedIds.next(), email.activityId(), ParticipationType.SENDER.mask(),
                    cut(email.from(), ADDRESS_LENGTH), email.senderId(), cut(email.senderType(), TYPE_LENGTH)});
            parties.add(new Object[] {TimeOrderedIds.next(), email.activityId(), ParticipationType.TO_RECIPIENT.mask(),
                    cut(email.to(), ADDRESS_LENGTH), email.recipientId(), cut(email.recipientType(), TYPE_LENGTH)});
        }
        String sql = "INSERT INTO activityparty (activitypartyid, activityid, participationtypemask, addressused, "
                + "partyid, partyobjecttypecode, position) SELECT u.id, u.activity, u.mask, u.address, u.party, "
                + "u.partytype, 0 FROM unnest(?::uuid[], ?::uuid[], ?::int[], ?::text[], ?::uuid[], ?::text[]) "
                + "AS u(id, activity, mask, address, party, partytype)";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, uuids(parties, row -> (UUID) row[0]));
            statement.setObject(2, uuids(parties, row -> (UUID) row[1]));
            statement.setObject(3, ints(parties, row -> (Integer) row[2]));
            statement.setObject(4, texts(parties, row -> (String) row[3]));
            statement.setObject(5, uuids(parties, row -> (UUID) row[4]));
            statement.setObject(6, texts(parties, row -> (String) row[5]));
            statement.executeUpdate();
        }
    }

    /**
     * Moves emails to what their status reports add up to, in one statement for the whole batch (a bulk job's
     * statuses arrive a thousand at a time). A row moves only when the status it is given ranks above its own: the
     * statement checks that itself, under the row lock its update takes, so no earlier read has to lock the rows.
     *
     * @return the emails that moved, with their new status and bulk job; an email not there, or already as far,
     *         is not among them
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Moved> applyConverged(Collection<Converged> statuses) {
        List<Moved> moved = new ArrayList<>();
        if (statuses.isEmpty()) {
            return moved;
        }
        List<Converged> rows = List.copyOf(statuses);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(APPLY_CONVERGED)) {
            statement.setObject(1, uuids(rows, Converged::activityId));
            statement.setObject(2, ints(rows, row -> row.status().statuscode()));
            statement.setObject(3, ints(rows, row -> row.status().state().statecode()));
            statement.setObject(4, texts(rows, Converged::messageId));
            statement.setObject(5, ints(rows, Converged::deliveryAttempts));
            statement.setObject(6, booleans(rows, row -> row.status() == EmailStatus.SENT));
            statement.setObject(7, texts(rows, row -> row.occurredAt().toString()));
            statement.setObject(8, ints(rows, row -> row.status().rank()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    moved.add(new Moved(rs.getObject(1, UUID.class),
                            EmailStatus.fromStatuscode(rs.getInt(2)).orElseThrow(), rs.getObject(3, UUID.class)));
                }
            }
            return moved;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not apply status reports: " + e.getMessage(), e);
        }
    }

    /** Which of these emails exist (the caller holds their locks, so none is being created meanwhile). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<UUID> existing(Collection<UUID> activityIds) {
        Set<UUID> found = new HashSet<>();
        if (activityIds.isEmpty()) {
            return found;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT activityid FROM email WHERE activityid = ANY(?::uuid[])")) {
            statement.setObject(1, uuids(activityIds));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getObject(1, UUID.class));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not look for emails: " + e.getMessage(), e);
        }
    }

    /** An email a status report moved: where it is now, and the bulk job it belongs to (null for none). */
    public record Moved(UUID activityId, EmailStatus status, UUID job) {
    }

    private static String cut(String value, int length) {
        return value == null || value.length() <= length ? value : value.substring(0, length);
    }
}
