package dev.mailroom.activity.metrics;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
 * request's path; a scrape reads the last figures. Counters on each transition were the other choice: they give
 * rates, not how many emails wait or failed, start from zero on every restart, and would have to be kept in step
 * with every path that changes a status (SendEmail, the status consumer's batch updates, bulk creation, deletes);
 * one miss and the figure drifts for good. The rates of send outcomes come from router-service's counters.
 */
@ApplicationScoped
public class EmailStatusGauges {

    private static final Logger LOG = Logger.getLogger(EmailStatusGauges.class);

    private final DataSource dataSource;
    private final MeterRegistry meters;
    private final Map<EmailStatus, AtomicLong> counts = new EnumMap<>(EmailStatus.class);

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
            return;
        }
        counts.forEach((status, count) -> count.set(fresh.getOrDefault(status, 0L)));
    }
}
