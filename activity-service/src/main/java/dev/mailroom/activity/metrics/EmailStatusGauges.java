package dev.mailroom.activity.metrics;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.mailroom.activity.EmailStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * {@code mailroom_emails{status, statuscode}}: how many emails are in each status now (Draft, Pending Send, Sending,
 * Sent, Failed, ...).
 *
 * <p>A stock, not a flow, so it is counted where it lives: one grouped count on a schedule
 * ({@code activity.metrics.email-status-refresh}, 30 s), an index-only scan of {@code email_statuscode}, off every
 * request's path; a scrape reads the last figures. The scan grows with the table (and right after a bulk job visits
 * every page the job changed until vacuum marks them all-visible: 0.8 s for 300,000 emails in the bulk benchmark), so
 * a count is skipped until a hundred times its last duration has passed ({@link CountBudget}). Counters on each
 * transition were the other choice: they give rates, not how many emails wait or failed, start from zero on every
 * restart, and would have to be kept in step with every path that changes a status (SendEmail, the status consumer's
 * batch updates, bulk creation, deletes); one miss and the figure drifts for good. The rates of send outcomes come
 * from router-service's counters.
 */
@ApplicationScoped
public class EmailStatusGauges {

    private static final Logger LOG = Logger.getLogger(EmailStatusGauges.class);

    private final DataSource dataSource;
    private final MeterRegistry meters;
    private final Map<EmailStatus, AtomicLong> counts = new EnumMap<>(EmailStatus.class);
    /** The count may take 1% of one core on average: on a table where it takes over 0.3 s it runs less often. */
    private final CountBudget budget = new CountBudget(0.01);

    public EmailStatusGauges(DataSource dataSource, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.meters = meters;
    }

    void register(@Observes StartupEvent event) {
        for (EmailStatus status : EmailStatus.values()) {
            AtomicLong count = new AtomicLong();
            counts.put(status, count);
            Gauge.builder("mailroom.emails", count, AtomicLong::doubleValue)
                    .description("Emails in each status, counted every activity.metrics.email-status-refresh")
                    .tag("status", status.label())
                    .tag("statuscode", String.valueOf(status.statuscode()))
                    .register(meters);
        }
    }

    @Scheduled(every = "${activity.metrics.email-status-refresh:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        Instant start = Instant.now();
        if (!budget.due(start)) {
            return;
        }
        if (count()) {
            budget.spent(start, Duration.between(start, Instant.now()));
        }
    }

    /** @return whether the figures were counted; a failure (the database away) is tried again at the next firing */
    private boolean count() {
        Map<EmailStatus, Long> fresh = new EnumMap<>(EmailStatus.class);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT statuscode, count(*) FROM email GROUP BY statuscode")) {
            while (rows.next()) {
                long count = rows.getLong(2);
                EmailStatus.fromStatuscode(rows.getInt(1)).ifPresent(status -> fresh.put(status, count));
            }
        } catch (SQLException e) {
            // The last figures stay; readiness reports the database.
            LOG.debugf("Emails by status not counted this time: %s", e.getMessage());
            return false;
        }
        counts.forEach((status, count) -> count.set(fresh.getOrDefault(status, 0L)));
        return true;
    }
}
