package dev.mailroom.activity.security;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Listens on one connection of its own for the notices PostgreSQL sends when a transaction that changed users,
 * roles or role assignments commits (triggers of migration V14, whoever wrote: this instance, another one, or an
 * administrator in SQL), and empties the {@link CallerCache} on each. While it is not connected the cache is not
 * used, so a missed notice can never leave a revoked privilege in force.
 */
@ApplicationScoped
public class CallerChangeListener {

    /** The channel the V14 triggers notify. */
    static final String CHANNEL = "activity_caller_changes";

    private static final Logger LOG = Logger.getLogger(CallerChangeListener.class);
    private static final int WAIT_MILLIS = 500;

    private final DataSource dataSource;
    private final CallerCache cache;
    private volatile boolean running;
    private Thread thread;

    public CallerChangeListener(DataSource dataSource, CallerCache cache) {
        this.dataSource = dataSource;
        this.cache = cache;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::run, "caller-change-listener");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join(5_000);
        }
    }

    private void run() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                PGConnection notices = connection.unwrap(PGConnection.class);
                cache.listening();
                while (running) {
                    PGNotification[] received = notices.getNotifications(WAIT_MILLIS);
                    if (received != null && received.length > 0) {
                        cache.invalidateAll();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                cache.deaf();
                if (running) {
                    LOG.warnf("Caller change listener disconnected, callers are looked up every time until it is "
                            + "back: %s", e.toString());
                    sleep(2_000);
                }
            } finally {
                cache.deaf();
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
