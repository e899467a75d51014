package dev.mailroom.eventing.outbox;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * What an operator watches for a stuck relay: events waiting in this service's outbox, the age of the oldest, and
 * events Kafka refused for good. Read from the database at each scrape (bounded queries on indexed columns).
 */
@ApplicationScoped
public class OutboxBacklog {

    /** Counting stops here: past it the backlog is "very large" and the exact figure costs a full scan. */
    private static final int COUNT_LIMIT = 100_000;

    private final DataSource dataSource;
    private final MeterRegistry meters;

    public OutboxBacklog(DataSource dataSource, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.meters = meters;
    }

    void register(@Observes StartupEvent event) {
        Gauge.builder("mailroom.outbox.backlog", this, backlog -> backlog.query(
                "SELECT count(*) FROM (SELECT 1 FROM outbox_event LIMIT " + COUNT_LIMIT + ") waiting"))
                .description("Events waiting in the outbox to be published (counted up to " + COUNT_LIMIT + ")")
                .register(meters);
        Gauge.builder("mailroom.outbox.oldest.age", this, backlog -> backlog.query(
                "SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(occurred_at)), 0) FROM "
                        + "(SELECT occurred_at FROM outbox_event ORDER BY id LIMIT 1) oldest"))
                .description("Age of the oldest event waiting in the outbox")
                .baseUnit("seconds")
                .register(meters);
        Gauge.builder("mailroom.outbox.dead.letters", this, backlog -> backlog.query(
                "SELECT count(*) FROM outbox_dead_letter"))
                .description("Events Kafka refused for good, waiting in outbox_dead_letter for a person")
                .register(meters);
    }

    /** One number from the database; NaN (a gap in the graph) while the database does not answer. */
    private double query(String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            return result.next() ? result.getDouble(1) : Double.NaN;
        } catch (SQLException e) {
            return Double.NaN;
        }
    }
}
