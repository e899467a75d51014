package dev.mailroom.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Extra server settings for the embedded PostgreSQL, as the router benchmark uses them to load pg_stat_statements. */
class PostgresServerSettingsTest {

    @Test
    void shouldReadSettingsInOrderAndRefuseAnEntryWithoutAValue() {
        assertEquals(List.of(Map.entry("a", "1"), Map.entry("b.c", "on")),
                List.copyOf(PostgresServer.extraSettings(" a = 1;;b.c=on;").entrySet()));
        assertTrue(PostgresServer.extraSettings("").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> PostgresServer.extraSettings("a=1;shared_buffers"));
    }

    @Test
    void shouldStartTheServerWithPgStatStatementsLoaded() throws Exception {
        String before = System.getProperty(PostgresServer.EXTRA_SETTINGS);
        System.setProperty(PostgresServer.EXTRA_SETTINGS,
                "shared_preload_libraries=pg_stat_statements;pg_stat_statements.track_planning=on");
        PostgresServer server = new PostgresServer(Path.of("target/postgres-settings-test"),
                Path.of("target/postgres-binaries"), new FreePorts(false));
        try {
            server.start();
            Map<String, String> addresses = server.addresses();
            try (Connection connection = DriverManager.getConnection(addresses.get(StackAddresses.JDBC_URL),
                    addresses.get(StackAddresses.DB_USER), addresses.get(StackAddresses.DB_PASSWORD));
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE EXTENSION pg_stat_statements");
                statement.execute("SELECT pg_stat_statements_reset()");
                statement.execute("SELECT 42");
                try (ResultSet row = statement.executeQuery(
                        "SELECT current_setting('pg_stat_statements.track_planning'),"
                                + " (SELECT sum(calls) FROM pg_stat_statements WHERE query = 'SELECT $1')")) {
                    row.next();
                    assertEquals("on", row.getString(1));
                    assertEquals(1, row.getLong(2), "the statement run once is counted once");
                }
            }
        } finally {
            server.close();
            if (before == null) {
                System.clearProperty(PostgresServer.EXTRA_SETTINGS);
            } else {
                System.setProperty(PostgresServer.EXTRA_SETTINGS, before);
            }
        }
    }
}
