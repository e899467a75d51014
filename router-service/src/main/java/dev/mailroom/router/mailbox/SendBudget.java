package dev.mailroom.router.mailbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Per-mailbox send budgets shared by every router: a token bucket per sender address in PostgreSQL, refilled at
 * the mailbox's rate by the database clock. A batch takes the tokens of all its senders in one transaction of two
 * statements, however many emails it carries; partition ownership plays no part.
 */
@ApplicationScoped
public class SendBudget {

    private final DataSource dataSource;

    public SendBudget(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What one sender asks for: {@code wanted} tokens at {@code perSecond}, at most {@code capacity} saved up. */
    public record Request(String mailbox, int wanted, double perSecond, double capacity) {
    }

    /** What it got: {@code granted} emails may go now; {@code tokensLeft} (under 1 when some were refused). */
    public record Grant(int granted, double tokensLeft) {
    }

    @Transactional
    public Map<String, Grant> take(List<Request> requests) {
        List<Request> sorted = requests.stream().sorted(java.util.Comparator.comparing(Request::mailbox)).toList();
        Object[] mailboxes = sorted.stream().map(Request::mailbox).toArray();
        // A new sender starts with a full bucket.
        String create = "INSERT INTO send_budget (mailbox, tokens, refilled_at, granted) "
                + "SELECT r.mailbox, r.cap, now(), 0 FROM unnest(?::text[], ?::float8[]) AS r(mailbox, cap) "
                + "ORDER BY r.mailbox ON CONFLICT (mailbox) DO NOTHING";
        // Rows locked in address order first, so two routers taking overlapping budgets wait rather than deadlock.
        String available = "LEAST(r.cap, b.tokens + r.rate * GREATEST(0, extract(epoch FROM now() - b.refilled_at)))";
        String take = "WITH locked AS (SELECT mailbox FROM send_budget WHERE mailbox = ANY(?::text[]) "
                + "ORDER BY mailbox FOR UPDATE) "
                + "UPDATE send_budget b SET granted = LEAST(r.wanted, floor(" + available + "))::int, "
                + "tokens = " + available + " - LEAST(r.wanted, floor(" + available + ")), refilled_at = now() "
                + "FROM unnest(?::text[], ?::int[], ?::float8[], ?::float8[]) AS r(mailbox, wanted, rate, cap), locked "
                + "WHERE locked.mailbox = r.mailbox AND b.mailbox = r.mailbox RETURNING b.mailbox, b.granted, b.tokens";
        Map<String, Grant> grants = new HashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement(create)) {
                statement.setArray(1, connection.createArrayOf("text", mailboxes));
                statement.setArray(2, connection.createArrayOf("float8",
                        sorted.stream().map(Request::capacity).toArray()));
                statement.executeUpdate();
            }
            try (PreparedStatement statement = connection.prepareStatement(take)) {
                statement.setArray(1, connection.createArrayOf("text", mailboxes));
                statement.setArray(2, connection.createArrayOf("text", mailboxes));
                statement.setArray(3, connection.createArrayOf("int4",
                        sorted.stream().map(Request::wanted).toArray()));
                statement.setArray(4, connection.createArrayOf("float8",
                        sorted.stream().map(Request::perSecond).toArray()));
                statement.setArray(5, connection.createArrayOf("float8",
                        sorted.stream().map(Request::capacity).toArray()));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        grants.put(rows.getString(1), new Grant(rows.getInt(2), rows.getDouble(3)));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Send budget statement failed: " + e.getMessage(), e);
        }
        return grants;
    }
}
