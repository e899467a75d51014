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
 * <p>
 * The system property {@value #EXTRA_SETTINGS} adds server settings ({@code name=value}, separated by {@code ;}),
 * for a benchmark that must look inside the server: e.g. {@code shared_preload_libraries=pg_stat_statements}, which
 * the binaries ship but which only a server start can load.
 */
final class PostgresServer implements StackComponent {

    static final String DATABASE = "mailroom";
    static final String USER = "postgres";
    static final String PASSWORD = "postgres";
    static final String EXTRA_SETTINGS = "mailroom.postgres.settings";

    private final Path dataDir;
    private final Path binariesDir;
    private final int port;
    private EmbeddedPostgres postgres;

    /**
     * @param binariesDir where the binaries are unpacked, kept from one start to the next (the data is wiped): the
     *                    archive is unpacked (xz, a few seconds of CPU) only when this folder lacks that version
     */
    PostgresServer(Path dataDir, Path binariesDir, FreePorts ports) {
        this.dataDir = dataDir;
        this.binariesDir = binariesDir;
        this.port = ports.port(15432);
    }

    @Override
    public void start() throws Exception {
        Files.createDirectories(dataDir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir.resolve("data"))
                .setOverrideWorkingDirectory(binariesDir.toFile())
                .setCleanDataDirectory(true)
                .setPort(port)
                // A throwaway cluster: durability buys nothing here and costs every commit an fsync.
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .setServerConfig("max_connections", "200");
        for (Map.Entry<String, String> setting : extraSettings(System.getProperty(EXTRA_SETTINGS, "")).entrySet()) {
            builder.setServerConfig(setting.getKey(), setting.getValue());
        }
        postgres = builder.start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE);
        }
    }

    /** {@code a=1;b=x} as settings, in order; blank entries are skipped, an entry without {@code =} is refused. */
    static Map<String, String> extraSettings(String spec) {
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        for (String entry : spec.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException(EXTRA_SETTINGS + ": expected name=value, got '" + entry + "'");
            }
            settings.put(entry.substring(0, equals).trim(), entry.substring(equals + 1).trim());
        }
        return settings;
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
