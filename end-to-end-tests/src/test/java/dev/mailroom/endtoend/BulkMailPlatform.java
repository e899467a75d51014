package dev.mailroom.endtoend;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.mailroom.localstack.Component;
import dev.mailroom.localstack.LocalStackLauncher;
import dev.mailroom.localstack.StackAddresses;
import dev.mailroom.localstack.testing.TestIdentity;

/**
 * The embedded stack with activity-service, router-service and two bulk-mail-service instances, each a packaged jar
 * in a process of its own, so that a test can stop one bulk-mail-service instance in the middle of a job. The bulk
 * instances read small batches cut into small pages, so that a job of a few thousand recipients has many reads to
 * resume and many pages to share and to lose.
 */
class BulkMailPlatform implements BeforeAllCallback, AfterAllCallback {

    static final int PAGE_SIZE = 20;
    /** Recipients per read from activity-service: each read is published as five pages. */
    static final int READ_SIZE = 100;
    /** Signs (bulk-mail-service) and checks (activity-service) the emails' one-click unsubscribe links. */
    private static final String UNSUBSCRIBE_SECRET = "end-to-end-unsubscribe-secret";

    private LocalStackLauncher.RunningStack stack;
    private final List<Process> processes = new ArrayList<>();
    private Path root;
    private Path logs;
    private String activityUrl;
    private Process bulkB;
    /** Each bulk-mail-service instance's base URL, with its process (a killed one is left out of bulkUrls). */
    private final Map<String, Process> bulkInstances = new java.util.LinkedHashMap<>();

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        root = Path.of(System.getProperty("mailroom.repository.root", "..")).toAbsolutePath().normalize();
        Path scratch = Path.of("target", "scratch", "bulk-platform").toAbsolutePath();
        logs = scratch.resolveSibling("bulk-platform-logs");
        Files.createDirectories(logs);
        stack = LocalStackLauncher.start(scratch, EnumSet.of(Component.KAFKA, Component.POSTGRES, Component.MAIL),
                null);
        int activityPort = freePort();
        activityUrl = "http://127.0.0.1:" + activityPort;
        // None of the four needs another to start (bulk-mail-service calls activity-service only for a job): all are
        // launched at once, then each is awaited.
        Map<String, Process> ready = new java.util.LinkedHashMap<>();
        ready.put("http://127.0.0.1:" + activityPort, launch("activity-service", activityPort, List.of("-Xmx384m",
                "-Dmailroom.unsubscribe.secret=" + UNSUBSCRIBE_SECRET)));
        int routerPort = freePort();
        ready.put("http://127.0.0.1:" + routerPort, launch("router-service", routerPort, List.of()));
        int bulkAPort = freePort();
        bulkInstances.put("http://127.0.0.1:" + bulkAPort, launch("bulk-mail-service", bulkAPort, bulkOptions()));
        int bulkBPort = freePort();
        bulkB = launch("bulk-mail-service", bulkBPort, bulkOptions());
        bulkInstances.put("http://127.0.0.1:" + bulkBPort, bulkB);
        ready.putAll(bulkInstances);
        for (Map.Entry<String, Process> service : ready.entrySet()) {
            awaitReady(service.getKey(), service.getValue(), service.getKey() + "/q/health/ready");
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(Duration.ofSeconds(30).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (stack != null) {
            stack.close();
        }
    }

    String activityUrl() {
        return activityUrl;
    }

    /** The base URLs of the bulk-mail-service instances still running. */
    List<String> bulkUrls() {
        return bulkInstances.entrySet().stream().filter(instance -> instance.getValue().isAlive())
                .map(Map.Entry::getKey).toList();
    }

    StackAddresses addresses() {
        return stack.addresses();
    }

    /** Kills the second bulk-mail-service instance at once (no shutdown hook runs), as a crash would. */
    void killSecondBulkInstance() throws InterruptedException {
        bulkB.destroyForcibly().waitFor();
    }

    Connection database() throws SQLException {
        StackAddresses addresses = stack.addresses();
        return DriverManager.getConnection(addresses.get(StackAddresses.JDBC_URL),
                addresses.get(StackAddresses.DB_USER), addresses.get(StackAddresses.DB_PASSWORD));
    }

    private List<String> bulkOptions() {
        return List.of("-Dbulkmail.activity-service-url=" + activityUrl,
                "-Dmailroom.unsubscribe.url=" + activityUrl + "/unsubscribe",
                "-Dmailroom.unsubscribe.secret=" + UNSUBSCRIBE_SECRET,
                "-Dbulkmail.recipient-page-size=" + PAGE_SIZE,
                "-Dbulkmail.recipient-read-size=" + READ_SIZE,
                // A stopped instance's pages move to the other within seconds, not the default 45.
                "-Dmp.messaging.incoming.bulk-mail-pages.session.timeout.ms=8000",
                "-Dmp.messaging.incoming.bulk-mail-requested.session.timeout.ms=8000");
    }

    private Process launch(String service, int port, List<String> options) throws IOException {
        Path jar = root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-XX:+UseSerialGC", "-Dquarkus.http.port=" + port,
                "-Dquarkus.http.host=127.0.0.1"));
        command.addAll(options);
        Map<String, String> config = new java.util.HashMap<>(LocalStackLauncher.quarkusConfig(stack.addresses()));
        // Tokens of the tests' identity provider: activity-service verifies them, bulk-mail-service signs its own.
        config.putAll(TestIdentity.serviceConfig());
        for (Map.Entry<String, String> entry : config.entrySet()) {
            command.add("-D" + entry.getKey() + "=" + entry.getValue());
        }
        command.addAll(List.of("-jar", jar.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logs.resolve(service + "-" + port + ".log").toFile()).start();
        processes.add(process);
        return process;
    }

    private static void awaitReady(String service, Process process, String url) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plusSeconds(240);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(service + " exited with " + process.exitValue());
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(service + " was not ready in time");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
