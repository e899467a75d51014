package dev.mailroom.eventing.inbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/**
 * Forgets processed event ids older than {@code mailroom.inbox.retention}, so the idempotent-consumer log stays the
 * size of the redelivery window instead of growing with every event ever consumed.
 */
@ApplicationScoped
public class ProcessedEventPruner {

    private static final Logger LOG = Logger.getLogger(ProcessedEventPruner.class);

    private final DataSource dataSource;
    private final InboxConfig config;

    public ProcessedEventPruner(DataSource dataSource, InboxConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    // Every instance prunes: the delete is idempotent, and skipping overlapping runs keeps it to one at a time here.
    @Scheduled(every = "${mailroom.inbox.prune-interval:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pruneOnSchedule() {
        int pruned = prune();
        if (pruned > 0) {
            LOG.debugf("Pruned %d processed event ids older than %s", pruned, config.retention());
        }
    }

    /** Deletes the ids processed before now minus the retention; returns how many. */
    public int prune() {
        Instant cutoff = Instant.now().minus(config.retention());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM processed_event WHERE processed_at < ?")) {
            delete.setObject(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prune processed_event", e);
        }
    }
}
