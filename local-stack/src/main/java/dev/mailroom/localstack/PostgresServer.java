package dev.mailroom.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL 15 server from the zonky binaries: they ship inside a Maven artifact, so a laptop without
 * PostgreSQL installed runs it too, and they drop privileges by themselves when started as root.
 */
final class PostgresServer implements StackComponent {

    static final String DATABASE = "mailroom";
    static final String USER = "postgres";
    static final String PASSWORD = "postgres";

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres postgres;

    PostgresServer(Path dataDir, FreePorts ports) {
        this.dataDir = dataDir;
        this.port = ports.port(15432);
    }

    @Override
    public void start() throws Exception {
        Files.createDirectories(dataDir);
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir.resolve("data"))
                .setOverrideWorkingDirectory(dataDir.resolve("binaries").toFile())
                .setCleanDataDirectory(true)
                .setPort(port)
                // A throwaway cluster: durability buys nothing here and costs every commit an fsync.
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .setServerConfig("max_connections", "200")
                .start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE);
        }
    }

    @Override
    public Map<String, String> addresses() {
        return Map.of(
                StackAddresses.JDBC_URL, "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE,
                StackAddresses.DB_USER, USER,
                StackAddresses.DB_PASSWORD, PASSWORD);
    }

    @Override
    public void close() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }
}
