package dev.mailroom.attachment.metrics;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * How big the blob store is: {@code mailroom_blobs_stored} (objects in the bucket), {@code mailroom_blobs_stored_bytes}
 * (their size) and {@code mailroom_blobs_unreferenced} (those no attachment uses, left for the collector).
 *
 * <p>Read from the blob table, one row per stored object, rather than by listing the bucket (a paged walk of every
 * object). One aggregate query on a schedule ({@code attachments.metrics.refresh}, 30 s) keeps the scan off the
 * scrape and off every upload; a scrape reads the last figures.
 */
@ApplicationScoped
public class BlobStoreGauges {

    private static final Logger LOG = Logger.getLogger(BlobStoreGauges.class);

    private final DataSource dataSource;
    private final MeterRegistry meters;
    private final AtomicLong blobs = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong unreferenced = new AtomicLong();

    public BlobStoreGauges(DataSource dataSource, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.meters = meters;
    }

    void register(@Observes StartupEvent event) {
        Gauge.builder("mailroom.blobs.stored", blobs, AtomicLong::doubleValue)
                .description("Blobs in the object store").register(meters);
        Gauge.builder("mailroom.blobs.stored.bytes", bytes, AtomicLong::doubleValue)
                .description("Size of the blobs in the object store").baseUnit("bytes").register(meters);
        Gauge.builder("mailroom.blobs.unreferenced", unreferenced, AtomicLong::doubleValue)
                .description("Blobs no attachment refers to, waiting for the collector").register(meters);
    }

    @Scheduled(every = "${attachments.metrics.refresh:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT count(*), COALESCE(sum(size_bytes), 0), "
                        + "count(*) FILTER (WHERE reference_count = 0) FROM blob")) {
            if (row.next()) {
                blobs.set(row.getLong(1));
                bytes.set(row.getLong(2));
                unreferenced.set(row.getLong(3));
            }
        } catch (SQLException e) {
            // The last figures stay; readiness reports the database.
            LOG.debugf("Blob store not measured this time: %s", e.getMessage());
        }
    }
}
