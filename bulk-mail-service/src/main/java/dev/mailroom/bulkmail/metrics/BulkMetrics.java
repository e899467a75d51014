package dev.mailroom.bulkmail.metrics;

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
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.jboss.logging.Logger;

import dev.mailroom.bulkmail.job.BulkJob;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Bulk-job progress for operators.
 *
 * <ul>
 * <li>{@code mailroom_bulk_jobs{state}}: jobs running, completed, failed and canceled now; one grouped count of the
 * small bulk_job table on a schedule ({@code bulkmail.metrics.refresh}, 30 s).</li>
 * <li>{@code mailroom_bulk_recipients_total{outcome}}: recipients dealt with, {@code created} (an email made) or
 * {@code skipped} (do-not-email, no usable address, a duplicate); counted when a page's transaction commits, so a
 * page rolled back and redone counts once, and summed over every instance by Prometheus.</li>
 * <li>{@code mailroom_bulk_emails_published_again_total}: emails whose events a page published again because it came
 * again after it had committed (an instance that died before the broker answered, a publication that failed).</li>
 * </ul>
 */
@ApplicationScoped
public class BulkMetrics {

    private static final Logger LOG = Logger.getLogger(BulkMetrics.class);

    private final DataSource dataSource;
    private final MeterRegistry meters;
    private final TransactionSynchronizationRegistry transactions;
    private final Map<BulkJob.State, AtomicLong> jobs = new EnumMap<>(BulkJob.State.class);
    private final Counter created;
    private final Counter skipped;
    private final Counter publishedAgain;

    public BulkMetrics(DataSource dataSource, MeterRegistry meters, TransactionSynchronizationRegistry transactions) {
        this.dataSource = dataSource;
        this.meters = meters;
        this.transactions = transactions;
        this.created = recipients("created");
        this.skipped = recipients("skipped");
        this.publishedAgain = Counter.builder("mailroom.bulk.emails.published.again")
                .description("Emails whose events a page published again, the page having come again after it "
                        + "committed")
                .register(meters);
    }

    /** A page that came again published the events of {@code emails} emails again. */
    public void pagePublishedAgain(int emails) {
        publishedAgain.increment(emails);
    }

    void register(@Observes StartupEvent event) {
        for (BulkJob.State state : BulkJob.State.values()) {
            AtomicLong count = new AtomicLong();
            jobs.put(state, count);
            Gauge.builder("mailroom.bulk.jobs", count, AtomicLong::doubleValue)
                    .description("Bulk jobs in each state, counted every bulkmail.metrics.refresh")
                    .tag("state", state.name().toLowerCase(java.util.Locale.ROOT))
                    .register(meters);
        }
    }

    /** Counts a page's recipients once the current transaction commits (at once outside a transaction). */
    public void pageDealtWith(int createdEmails, int skippedRecipients) {
        Runnable count = () -> {
            created.increment(createdEmails);
            skipped.increment(skippedRecipients);
        };
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            count.run();
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // counted only after the outcome is known
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    count.run();
                }
            }
        });
    }

    @Scheduled(every = "${bulkmail.metrics.refresh:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        Map<BulkJob.State, Long> fresh = new EnumMap<>(BulkJob.State.class);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT state, count(*) FROM bulk_job GROUP BY state")) {
            while (rows.next()) {
                fresh.put(BulkJob.State.valueOf(rows.getString(1)), rows.getLong(2));
            }
        } catch (SQLException | IllegalArgumentException e) {
            // The last figures stay; readiness reports the database.
            LOG.debugf("Bulk jobs not counted this time: %s", e.getMessage());
            return;
        }
        jobs.forEach((state, count) -> count.set(fresh.getOrDefault(state, 0L)));
    }

    private Counter recipients(String outcome) {
        return Counter.builder("mailroom.bulk.recipients")
                .description("Recipients of bulk jobs dealt with: created (an email made) or skipped")
                .tag("outcome", outcome)
                .register(meters);
    }
}
