package dev.mailroom.bulkmail.fanout;

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

/**
 * The memory of which recipients a job has dealt with ({@code bulk_recipient}): a recipient record is emailed at
 * most once per job, and so is an address, however pages are redelivered or recipients repeated.
 */
@ApplicationScoped
public class RecipientClaims {

    private final DataSource dataSource;

    public RecipientClaims(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What a page's claims came to. */
    public record Outcome(Set<UUID> toEmail, int skipped) {
    }

    /**
     * Claims a page's recipients in three statements.
     *
     * @param candidates recipients with a sendable address, and that address
     * @param skipped recipients that may not or cannot be emailed
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Outcome claim(UUID jobId, int pageNumber, List<Candidate> candidates, List<UUID> skipped) {
        try (Connection connection = dataSource.getConnection()) {
            List<UUID> ids = new ArrayList<>();
            List<String> addresses = new ArrayList<>();
            List<String> outcomes = new ArrayList<>();
            for (Candidate candidate : candidates) {
                ids.add(candidate.recipientId());
                addresses.add(candidate.addressKey());
                outcomes.add("CREATED");
            }
            for (UUID id : skipped) {
                ids.add(id);
                addresses.add(null);
                outcomes.add("SKIPPED");
            }
            Set<UUID> toEmail = new HashSet<>();
            int skippedNow = 0;
            Set<UUID> claimed = new HashSet<>();
            try (ResultSet rs = insert(connection, jobId, pageNumber, ids, addresses, outcomes)) {
                while (rs.next()) {
                    UUID id = rs.getObject(1, UUID.class);
                    claimed.add(id);
                    if (rs.getString(2).equals("CREATED")) {
                        toEmail.add(id);
                    } else {
                        skippedNow++;
                    }
                }
            }
            // Not claimed: dealt with before (a redelivery: nothing to do), or another recipient's address.
            List<UUID> refused = candidates.stream().map(Candidate::recipientId).filter(id -> !claimed.contains(id))
                    .distinct().toList();
            if (!refused.isEmpty()) {
                Set<UUID> known = known(connection, jobId, refused);
                List<UUID> repeats = refused.stream().filter(id -> !known.contains(id)).toList();
                try (ResultSet rs = insert(connection, jobId, pageNumber, repeats,
                        repeats.stream().map(id -> (String) null).toList(),
                        repeats.stream().map(id -> "DUPLICATE").toList())) {
                    while (rs.next()) {
                        skippedNow++;
                    }
                }
            }
            return new Outcome(toEmail, skippedNow);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not claim recipients of job " + jobId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Which of these recipients the page emailed: claimed by it with an email (not skipped, not an address another
     * recipient of the job had). For a page that comes again after its transaction committed, whose events may never
     * have reached Kafka.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<UUID> emailedBy(UUID jobId, int pageNumber, Collection<UUID> recipientIds) {
        Set<UUID> emailed = new HashSet<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT recipient_id FROM bulk_recipient "
                        + "WHERE job_id = ? AND recipient_id = ANY(?::uuid[]) AND page_number = ? "
                        + "AND outcome = 'CREATED'")) {
            statement.setObject(1, jobId);
            statement.setArray(2, connection.createArrayOf("uuid", recipientIds.toArray()));
            statement.setInt(3, pageNumber);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    emailed.add(rs.getObject(1, UUID.class));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the claims of job " + jobId + ": " + e.getMessage(), e);
        }
        return emailed;
    }

    private static ResultSet insert(Connection connection, UUID jobId, int pageNumber, List<UUID> ids,
            List<String> addresses, List<String> outcomes) throws SQLException {
        PreparedStatement statement = connection.prepareStatement("INSERT INTO bulk_recipient (job_id, "
                + "recipient_id, address_key, outcome, page_number) SELECT ?, u.id, u.address, u.outcome, ? "
                + "FROM unnest(?::uuid[], ?::text[], ?::text[]) WITH ORDINALITY AS u(id, address, outcome, n) "
                + "ORDER BY u.n ON CONFLICT DO NOTHING RETURNING recipient_id, outcome");
        statement.closeOnCompletion();
        statement.setObject(1, jobId);
        statement.setInt(2, pageNumber);
        statement.setArray(3, connection.createArrayOf("uuid", ids.toArray()));
        statement.setArray(4, connection.createArrayOf("text", addresses.toArray()));
        statement.setArray(5, connection.createArrayOf("text", outcomes.toArray()));
        return statement.executeQuery();
    }

    private static Set<UUID> known(Connection connection, UUID jobId, List<UUID> ids) throws SQLException {
        Set<UUID> known = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT recipient_id FROM bulk_recipient "
                + "WHERE job_id = ? AND recipient_id = ANY(?::uuid[])")) {
            statement.setObject(1, jobId);
            statement.setArray(2, connection.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    known.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return known;
    }

    /** A recipient that may be emailed, with its address lower-cased (the key that makes it one email). */
    public record Candidate(UUID recipientId, String addressKey) {
    }
}
