package dev.mailroom.bulkmail.suppression;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.events.EmailBounced;

/**
 * Addresses that bounced permanently ({@code suppressed_address}): mail to them fails, and sending to them anyway
 * is what gets a sender's domain blocked by mailbox providers, so bulk jobs skip them. Addresses are kept in lower
 * case; a recipient's address is compared the same way.
 */
@ApplicationScoped
public class SuppressedAddresses {

    private static final int MAX_ADDRESS = 320;
    private static final int MAX_STATUS = 32;
    private static final int MAX_DIAGNOSTIC = 1000;

    private final DataSource dataSource;

    public SuppressedAddresses(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The key an address is kept and looked up under. */
    public static String key(String address) {
        return address.strip().toLowerCase(Locale.ROOT);
    }

    /** Those of {@code keys} (lower-case addresses) that are suppressed: one index lookup per address, one query. */
    public Set<String> suppressedAmong(Collection<String> keys) {
        Set<String> found = new HashSet<>();
        if (keys.isEmpty()) {
            return found;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT address FROM suppressed_address WHERE address = ANY (?)")) {
            statement.setArray(1, connection.createArrayOf("varchar", keys.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read suppressed addresses: " + e.getMessage(), e);
        }
    }

    /**
     * Records the permanent bounces among {@code bounces} in one statement; others (transient failures) are not
     * suppressions. The same bounce twice changes nothing.
     *
     * @return the number of addresses written
     */
    public int suppress(List<EmailBounced> bounces) {
        // One row per address in the statement (an upsert may not touch a row twice): its latest bounce.
        Map<String, EmailBounced> latest = new LinkedHashMap<>();
        for (EmailBounced bounce : bounces) {
            if (bounce.permanent() && bounce.address() != null && !bounce.address().isBlank()
                    && bounce.address().strip().length() <= MAX_ADDRESS) {
                latest.merge(key(bounce.address()), bounce,
                        (a, b) -> b.occurredAt().isAfter(a.occurredAt()) ? b : a);
            }
        }
        if (latest.isEmpty()) {
            return 0;
        }
        String sql = "INSERT INTO suppressed_address AS s (address, status, diagnostic_code, activity_id, "
                + "first_bounced_at, last_bounced_at) SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], "
                + "?::uuid[], ?::timestamptz[], ?::timestamptz[]) ON CONFLICT (address) DO UPDATE SET "
                + "status = CASE WHEN excluded.last_bounced_at > s.last_bounced_at "
                + "THEN excluded.status ELSE s.status END, "
                + "diagnostic_code = CASE WHEN excluded.last_bounced_at > s.last_bounced_at "
                + "THEN excluded.diagnostic_code ELSE s.diagnostic_code END, "
                + "activity_id = CASE WHEN excluded.last_bounced_at > s.last_bounced_at "
                + "THEN excluded.activity_id ELSE s.activity_id END, "
                + "first_bounced_at = LEAST(s.first_bounced_at, excluded.first_bounced_at), "
                + "last_bounced_at = GREATEST(s.last_bounced_at, excluded.last_bounced_at)";
        int size = latest.size();
        Object[] addresses = new Object[size];
        Object[] statuses = new Object[size];
        Object[] diagnostics = new Object[size];
        Object[] emails = new Object[size];
        Object[] times = new Object[size];
        int i = 0;
        for (Map.Entry<String, EmailBounced> entry : latest.entrySet()) {
            EmailBounced bounce = entry.getValue();
            addresses[i] = entry.getKey();
            statuses[i] = cut(bounce.status(), MAX_STATUS);
            diagnostics[i] = cut(bounce.diagnosticCode(), MAX_DIAGNOSTIC);
            emails[i] = bounce.activityId();
            times[i] = Timestamp.from(bounce.occurredAt());
            i++;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("varchar", addresses));
            statement.setArray(2, connection.createArrayOf("varchar", statuses));
            statement.setArray(3, connection.createArrayOf("varchar", diagnostics));
            statement.setArray(4, connection.createArrayOf("uuid", emails));
            statement.setArray(5, connection.createArrayOf("timestamptz", times));
            statement.setArray(6, connection.createArrayOf("timestamptz", times));
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record suppressed addresses: " + e.getMessage(), e);
        }
    }

    private static String cut(String text, int length) {
        return text == null || text.length() <= length ? text : text.substring(0, length);
    }
}
