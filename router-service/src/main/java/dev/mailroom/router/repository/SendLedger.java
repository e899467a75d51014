package dev.mailroom.router.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.mailroom.eventing.outbox.OutboxWriter;
import dev.mailroom.events.EmailPending;
import dev.mailroom.router.ClaimedSend;
import dev.mailroom.router.RecordedOutcome;
import dev.mailroom.router.SendOutcome;
import dev.mailroom.router.SendState;

/**
 * The send ledger, one statement per batch: plain JDBC with arrays, because a batch of 500 emails must cost one
 * round trip, not 500. Every method joins the caller's transaction. Lease times use the database clock, the one
 * clock all routers share.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class SendLedger {

    /** Rows of one claim statement: four parameters each, well under PostgreSQL's 65,535 per statement. */
    static final int MAX_CLAIM_ROWS = 1_000;
    /** Outcomes of one recording statement: ten parameters each. */
    static final int MAX_RECORD_ROWS = 1_000;
    /** The fencing epoch of an email's first claim; every later claim raises it. */
    private static final long FIRST_EPOCH = 1;

    private final DataSource dataSource;

    public SendLedger(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** An email offered for a first claim; {@code email} is its payload already read, when the caller has it. */
    public record NewSend(UUID activityId, String messageId, String payload, String traceparent, EmailPending email) {

        public NewSend(UUID activityId, String messageId, String payload, String traceparent) {
            this(activityId, messageId, payload, traceparent, null);
        }

        public NewSend(UUID activityId, String messageId, String payload) {
            this(activityId, messageId, payload, null);
        }
    }

    /**
     * Claims the emails the ledger has never seen. One already there (sent, failed, being sent, waiting for a retry,
     * or claimed by this very router before a consumer retry) is not returned: the ledger already owns it.
     */
    public List<ClaimedSend> claimNew(List<NewSend> sends, String routerId, Duration lease) throws SQLException {
        // Sorted, so two routers inserting overlapping batches lock rows in the same order and cannot deadlock.
        List<NewSend> sorted = sends.stream().sorted(java.util.Comparator.comparing(NewSend::activityId)).toList();
        List<ClaimedSend> claimed = new ArrayList<>(sorted.size());
        try (Connection connection = dataSource.getConnection()) {
            for (int from = 0; from < sorted.size(); from += MAX_CLAIM_ROWS) {
                int to = Math.min(sorted.size(), from + MAX_CLAIM_ROWS);
                claimed.addAll(claimNew(connection, sorted.subList(from, to), routerId, lease));
            }
        }
        return claimed;
    }

    /**
     * One INSERT for up to {@link #MAX_CLAIM_ROWS} emails, each a row of parameters. Not arrays: a text array is
     * sent as one literal that the driver builds by quoting and escaping every character of every element, and the
     * payloads (the whole email, some kilobytes of JSON full of quotes) made that the router's single largest cost
     * in the throughput profile. Plain parameters go out as they are.
     * <p>
     * Only the ids of the rows inserted come back: everything else of a first claim is either what the router just
     * sent (message id, payload, trace) or fixed by this statement (epoch 1, attempt 1). Returning the whole row
     * made PostgreSQL format every payload again and the driver decode it into a new string, some kilobytes per
     * email both ways, for values the router already held.
     */
    private static List<ClaimedSend> claimNew(Connection connection, List<NewSend> rows, String routerId,
            Duration lease) throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO send_ledger (activity_id, state, epoch, claimed_by, "
                + "lease_until, attempts, message_id, payload, traceparent) SELECT u.id, 'CLAIMED', " + FIRST_EPOCH
                + ", ?, "
                + "now() + make_interval(secs => ?), 1, u.mid, u.p, u.tp FROM (VALUES ");
        for (int i = 0; i < rows.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?::uuid, ?::text, ?::text, ?::text, ").append(i).append(')');
        }
        sql.append(") AS u(id, mid, p, tp, n) ORDER BY u.n ON CONFLICT (activity_id) DO NOTHING "
                + "RETURNING activity_id");
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            int parameter = 1;
            statement.setString(parameter++, routerId);
            statement.setDouble(parameter++, seconds(lease));
            for (NewSend row : rows) {
                statement.setObject(parameter++, row.activityId());
                statement.setString(parameter++, row.messageId());
                statement.setString(parameter++, row.payload());
                statement.setString(parameter++, row.traceparent());
            }
            // The first of equal ids is the row inserted (ORDER BY u.n); a later duplicate was skipped by the conflict.
            Map<UUID, NewSend> offered = new HashMap<>(rows.size() * 2);
            rows.forEach(row -> offered.putIfAbsent(row.activityId(), row));
            List<ClaimedSend> claimed = new ArrayList<>(rows.size());
            try (ResultSet inserted = statement.executeQuery()) {
                while (inserted.next()) {
                    NewSend send = offered.get(inserted.getObject(1, UUID.class));
                    claimed.add(new ClaimedSend(send.activityId(), FIRST_EPOCH, 1, send.messageId(), send.payload(),
                            false, send.traceparent()));
                }
            }
            return claimed;
        }
    }

    /**
     * Claims emails that are due: retries whose time has come, unknown outcomes past their wait (resent once), and
     * claims whose lease ran out (their router died or hung, before or during the send: each such takeover resends,
     * up to {@code maxTakeovers} times). Rows another router is claiming right now are skipped, not waited for.
     */
    public List<ClaimedSend> claimDue(String routerId, Duration lease, int limit, int maxTakeovers)
            throws SQLException {
        String sql = "WITH due AS (SELECT activity_id, state AS was FROM send_ledger "
                + "WHERE (state = 'RETRY' AND next_attempt_at <= now()) "
                + "OR (state = 'UNKNOWN' AND next_attempt_at <= now() AND unknown_resends = 0) "
                + "OR (state = 'CLAIMED' AND lease_until < now() AND takeovers < ?) ORDER BY activity_id LIMIT ? "
                + "FOR UPDATE SKIP LOCKED) "
                + "UPDATE send_ledger l SET state = 'CLAIMED', epoch = l.epoch + 1, claimed_by = ?, "
                + "lease_until = now() + make_interval(secs => ?), attempts = l.attempts + 1, next_attempt_at = NULL, "
                + "unknown_resends = l.unknown_resends + CASE WHEN due.was = 'UNKNOWN' THEN 1 ELSE 0 END, "
                + "takeovers = l.takeovers + CASE WHEN due.was = 'CLAIMED' THEN 1 ELSE 0 END "
                + "FROM due WHERE l.activity_id = due.activity_id "
                + "RETURNING l.activity_id, l.epoch, l.attempts, l.message_id, l.payload, "
                + "due.was <> 'RETRY' AS resend, l.traceparent, due.was = 'CLAIMED' AS takeover, "
                + "l.unknown_resends > 0 AS unknown_resend_spent";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, maxTakeovers);
            statement.setInt(2, limit);
            statement.setString(3, routerId);
            statement.setDouble(4, seconds(lease));
            return dueClaims(statement);
        }
    }

    /**
     * Records outcomes under their epochs and writes the status reports of those recorded, in one statement that
     * commits by itself: one round trip per group of outcomes instead of an update, an insert and a commit. An
     * outcome whose epoch no longer holds (the claim was taken over) changes nothing, gets no report and is not
     * returned. Finished rows drop their payload. A DEFERRED outcome (over the mailbox's send rate, nothing sent)
     * waits as RETRY and gives its attempt back. More than {@link #MAX_RECORD_ROWS} outcomes take one statement
     * each such slice, each committed by itself (every outcome is recorded with its own report either way).
     *
     * @param reports one report per outcome, in the same order, keyed by the outcome's activity id; each is written
     *        only if its outcome is recorded. A null report (no event id) writes nothing: its outcome is reported
     *        by the caller once this commits, from the row returned (its epoch and {@code outcome_at}).
     */
    @Transactional(Transactional.TxType.NEVER)
    public List<RecordedOutcome> recordAndReport(List<SendOutcome> outcomes, OutboxWriter.PreparedEvents reports)
            throws SQLException {
        if (reports.eventIds().length != outcomes.size()) {
            throw new IllegalArgumentException("One report per outcome: " + reports.eventIds().length + " reports for "
                    + outcomes.size() + " outcomes");
        }
        List<RecordedOutcome> recorded = new ArrayList<>(outcomes.size());
        try (Connection connection = dataSource.getConnection()) {
            for (int from = 0; from < outcomes.size(); from += MAX_RECORD_ROWS) {
                int to = Math.min(outcomes.size(), from + MAX_RECORD_ROWS);
                recorded.addAll(recordAndReport(connection, outcomes, reports, from, to));
                if (!connection.getAutoCommit()) {
                    connection.commit();
                }
            }
        }
        return recorded;
    }

    /**
     * The statement for outcomes {@code from} to {@code to}, each with its report as one row of plain parameters.
     * Not arrays: the reports' payloads are JSON full of quotes, and a text array goes out as one literal that the
     * driver builds by quoting and escaping every character (the recorder's largest cost in the throughput profile,
     * as it had been the claim's).
     */
    private static List<RecordedOutcome> recordAndReport(Connection connection, List<SendOutcome> outcomes,
            OutboxWriter.PreparedEvents reports, int from, int to) throws SQLException {
        StringBuilder sql = new StringBuilder("WITH u(id, epoch, state, error, delay, event_id, k, at, p, tp, n) AS "
                + "(VALUES ");
        for (int i = from; i < to; i++) {
            sql.append(i == from ? "" : ", ").append("(?::uuid, ?::bigint, ?::text, ?::text, ?::float8, ?::uuid, "
                    + "?::text, ?::timestamptz, ?::text, ?::text, ").append(i - from).append(')');
        }
        // Rows are locked in activity id order first: two transactions touching overlapping rows (a lease renewal,
        // a claim of due emails) then wait for each other instead of deadlocking. The lock returns each row as it is
        // now (a row changed since the statement began is read again once locked), so its epoch and state are
        // checked here, and no one can change them before the update below, which this statement's lock awaits.
        // The update itself names its rows by primary key only: with "l.state = 'CLAIMED'" among its conditions, the
        // planner could reach them through the partial index of claims (send_ledger_claimed), and did whenever the
        // table's statistics had last been taken with few claims in it: each statement then walked every entry of
        // that index, dead ones included, some 2,400 blocks for a group of 7 (run 19, pg_stat_statements).
        sql.append("), locked AS (SELECT activity_id, epoch, state FROM send_ledger "
                + "WHERE activity_id IN (SELECT id FROM u) ORDER BY activity_id FOR UPDATE), "
                + "recorded AS (UPDATE send_ledger l SET "
                + "state = CASE WHEN u.state = 'DEFERRED' THEN 'RETRY' ELSE u.state END, "
                + "last_error = u.error, attempts = l.attempts - CASE WHEN u.state = 'DEFERRED' THEN 1 ELSE 0 END, "
                + "finished_at = CASE WHEN u.state IN ('SENT', 'FAILED') THEN now() END, "
                + "next_attempt_at = CASE WHEN u.state IN ('RETRY', 'UNKNOWN', 'DEFERRED') "
                + "THEN now() + make_interval(secs => u.delay) END, "
                + "payload = CASE WHEN u.state IN ('SENT', 'FAILED') THEN NULL ELSE l.payload END, outcome_at = now() "
                + "FROM u JOIN locked ON locked.activity_id = u.id AND locked.epoch = u.epoch "
                + "AND locked.state = 'CLAIMED' WHERE l.activity_id = locked.activity_id "
                // u.state, so that a deferral is reported as one (stored as RETRY).
                + "RETURNING l.activity_id, l.epoch, u.state, l.attempts, l.message_id, l.last_error, l.traceparent, "
                + "l.outcome_at), "
                // Joined on the epoch too: a group may hold a fenced-off outcome of the same email beside its own.
                // An outcome without a report here (no event id) is reported by the caller once this commits.
                + "reported AS (INSERT INTO outbox_event (event_id, topic, message_key, event_type, source, subject, "
                + "occurred_at, payload, traceparent) SELECT u.event_id, ?, u.k, ?, ?, u.k, u.at, u.p, u.tp "
                + "FROM u JOIN recorded r ON r.activity_id = u.id AND r.epoch = u.epoch "
                + "WHERE u.event_id IS NOT NULL ORDER BY u.n) "
                + "SELECT activity_id, epoch, state, attempts, message_id, last_error, traceparent, outcome_at "
                + "FROM recorded");
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            int parameter = 1;
            for (int i = from; i < to; i++) {
                SendOutcome outcome = outcomes.get(i);
                statement.setObject(parameter++, outcome.activityId());
                statement.setLong(parameter++, outcome.epoch());
                statement.setString(parameter++, outcome.state().name());
                statement.setString(parameter++, outcome.error());
                statement.setDouble(parameter++, seconds(outcome.retryAfter()));
                statement.setObject(parameter++, reports.eventIds()[i]);
                statement.setString(parameter++, (String) reports.keys()[i]);
                statement.setTimestamp(parameter++, (Timestamp) reports.occurredAt()[i]);
                statement.setString(parameter++, (String) reports.payloads()[i]);
                statement.setString(parameter++, (String) reports.traceparents()[i]);
            }
            statement.setString(parameter++, reports.topic());
            statement.setString(parameter++, reports.type());
            statement.setString(parameter, reports.source());
            return outcomes(statement);
        }
    }

    private static List<RecordedOutcome> outcomes(PreparedStatement statement) throws SQLException {
        List<RecordedOutcome> recorded = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                recorded.add(new RecordedOutcome(rows.getObject("activity_id", UUID.class), rows.getLong("epoch"),
                        SendState.valueOf(rows.getString("state")), rows.getInt("attempts"),
                        rows.getString("message_id"), rows.getString("last_error"), rows.getString("traceparent"),
                        rows.getObject("outcome_at", OffsetDateTime.class).toInstant()));
            }
        }
        return recorded;
    }

    /**
     * The outcomes the ledger holds for these emails, as their status reports say them: every one not being sent now
     * (a claim is its router's to report). For a pending record that comes again after its email was finished, whose
     * report may never have reached Kafka. A row recorded before outcomes had a time takes its finish time, or now.
     */
    public List<RecordedOutcome> outcomesOf(Collection<UUID> activityIds) throws SQLException {
        String sql = "SELECT activity_id, epoch, state, attempts, message_id, last_error, traceparent, "
                + "COALESCE(outcome_at, finished_at, now()) AS outcome_at FROM send_ledger "
                + "WHERE activity_id = ANY(?::uuid[]) AND state <> 'CLAIMED'";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("uuid", activityIds.toArray()));
            return outcomes(statement);
        }
    }

    /**
     * Ends, as Failed, the sends no policy lets a router repeat: an outcome still unknown after its one resend, and
     * a claim abandoned again after {@code maxTakeovers} takeovers (every router that took it vanished). A person
     * must look.
     */
    public List<RecordedOutcome> giveUp(String unknownReason, String abandonedReason, int maxTakeovers)
            throws SQLException {
        String sql = "UPDATE send_ledger SET state = 'FAILED', finished_at = now(), outcome_at = now(), "
                + "payload = NULL, last_error = CASE WHEN state = 'UNKNOWN' THEN ? ELSE ? END "
                + "WHERE (state = 'UNKNOWN' AND unknown_resends > 0 AND next_attempt_at <= now()) "
                + "OR (state = 'CLAIMED' AND lease_until < now() AND takeovers >= ?) "
                + "RETURNING activity_id, epoch, state, attempts, message_id, last_error, traceparent, outcome_at";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, unknownReason);
            statement.setString(2, abandonedReason);
            statement.setInt(3, maxTakeovers);
            return outcomes(statement);
        }
    }

    /**
     * Hands claims back untouched (a router shutting down before it began these sends): due again at once for any
     * router, as if never claimed. The attempt is not counted; a resend of an unknown outcome stays one to make, and
     * a takeover goes back to being an abandoned claim, its lease already run out.
     */
    public int release(Collection<ClaimedSend> claims) throws SQLException {
        String sql = "WITH locked AS (SELECT activity_id FROM send_ledger WHERE activity_id = ANY(?::uuid[]) "
                + "ORDER BY activity_id FOR UPDATE) "
                + "UPDATE send_ledger l SET state = CASE WHEN u.takeover THEN 'CLAIMED' "
                + "WHEN u.resend THEN 'UNKNOWN' ELSE 'RETRY' END, "
                + "next_attempt_at = CASE WHEN u.takeover THEN NULL ELSE now() END, "
                + "lease_until = now(), attempts = l.attempts - 1, "
                + "unknown_resends = l.unknown_resends - CASE WHEN u.resend AND NOT u.takeover THEN 1 ELSE 0 END, "
                + "takeovers = l.takeovers - CASE WHEN u.takeover THEN 1 ELSE 0 END "
                + "FROM unnest(?::uuid[], ?::bigint[], ?::boolean[], ?::boolean[]) AS u(id, epoch, resend, takeover), "
                + "locked WHERE locked.activity_id = u.id AND l.activity_id = u.id AND l.epoch = u.epoch "
                + "AND l.state = 'CLAIMED'";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            Object[] ids = claims.stream().map(ClaimedSend::activityId).toArray();
            statement.setArray(1, connection.createArrayOf("uuid", ids));
            statement.setArray(2, connection.createArrayOf("uuid", ids));
            statement.setArray(3, connection.createArrayOf("bigint",
                    claims.stream().map(ClaimedSend::epoch).toArray()));
            statement.setArray(4, connection.createArrayOf("boolean",
                    claims.stream().map(ClaimedSend::resend).toArray()));
            statement.setArray(5, connection.createArrayOf("boolean",
                    claims.stream().map(ClaimedSend::takeover).toArray()));
            return statement.executeUpdate();
        }
    }

    /** Extends this router's live claims on emails it is still sending; returns how many it still held. */
    public int renewLeases(Collection<UUID> activityIds, String routerId, Duration lease) throws SQLException {
        String sql = "WITH locked AS (SELECT activity_id FROM send_ledger WHERE activity_id = ANY(?::uuid[]) "
                + "AND claimed_by = ? AND state = 'CLAIMED' ORDER BY activity_id FOR UPDATE) "
                + "UPDATE send_ledger l SET lease_until = now() + make_interval(secs => ?) FROM locked "
                + "WHERE l.activity_id = locked.activity_id AND l.claimed_by = ? AND l.state = 'CLAIMED'";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("uuid", activityIds.toArray()));
            statement.setString(2, routerId);
            statement.setDouble(3, seconds(lease));
            statement.setString(4, routerId);
            return statement.executeUpdate();
        }
    }

    private static List<ClaimedSend> dueClaims(PreparedStatement statement) throws SQLException {
        List<ClaimedSend> claimed = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                claimed.add(new ClaimedSend(rows.getObject(1, UUID.class), rows.getLong(2), rows.getInt(3),
                        rows.getString(4), rows.getString(5), rows.getBoolean("resend"),
                        rows.getString("traceparent"), rows.getBoolean("takeover"),
                        rows.getBoolean("unknown_resend_spent")));
            }
        }
        return claimed;
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
