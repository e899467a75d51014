package dev.mailroom.endtoend.observability;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.mailroom.localstack.LocalStackLauncher;
import dev.mailroom.localstack.StackAddresses;
import dev.mailroom.localstack.testing.TestIdentity;

/**
 * The path of one email on real parts: the embedded Kafka, PostgreSQL and mail server, with activity-service and
 * router-service as packaged jars, each in a process of its own, in the prod profile (JSON logs, written to a file
 * per service), with the extra configuration a test gives (for example an OTLP endpoint). The stack is the one the
 * EmailPathPlatform classes share (EmailPathStack); the services are this platform's own, stopped by close().
 */
final class EmailPathPlatform implements AutoCloseable {

    private final StackAddresses stack;
    private final List<Process> processes = new ArrayList<>();
    private final Path logs;
    private final Path root;
    private String activityUrl;

    private EmailPathPlatform(StackAddresses stack, String name) {
        root = Path.of(System.getProperty("mailroom.repository.root", "..")).toAbsolutePath().normalize();
        logs = Path.of("target", "scratch", name + "-logs").toAbsolutePath();
        this.stack = stack;
    }

    /** Starts both services on the shared stack; {@code config} is given to each as system properties. */
    static EmailPathPlatform start(EmailPathStack stack, String name, Map<String, String> config) throws Exception {
        EmailPathPlatform platform = new EmailPathPlatform(stack.addresses(), name);
        try {
            Files.createDirectories(platform.logs);
            int activityPort = freePort();
            platform.activityUrl = "http://127.0.0.1:" + activityPort;
            // Neither service needs the other to start: both boot side by side, then each is awaited.
            int routerPort = freePort();
            Process activity = platform.launchService("activity-service", activityPort, config);
            Process router = platform.launchService("router-service", routerPort, config);
            platform.awaitReady("activity-service", activity, "http://127.0.0.1:" + activityPort + "/q/health/ready");
            platform.awaitReady("router-service", router, "http://127.0.0.1:" + routerPort + "/q/health/ready");
            return platform;
        } catch (Exception | Error e) {
            platform.close();
            throw e;
        }
    }

    String activityUrl() {
        return activityUrl;
    }

    StackAddresses addresses() {
        return stack;
    }

    String administratorToken() {
        return TestIdentity.administratorToken();
    }

    /** Every line the service has written so far (the prod profile: one JSON object per line). */
    List<String> logLines(String service) throws IOException {
        try (var files = Files.list(logs)) {
            List<String> lines = new ArrayList<>();
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(service)).toList()) {
                lines.addAll(Files.readAllLines(file));
            }
            return lines;
        }
    }

    private Process launchService(String service, int port, Map<String, String> extra) throws Exception {
        Path jar = root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-XX:+UseSerialGC", "-Dquarkus.http.port=" + port,
                "-Dquarkus.http.host=127.0.0.1"));
        Map<String, String> config = new HashMap<>(LocalStackLauncher.quarkusConfig(stack));
        config.putAll(TestIdentity.serviceConfig());
        config.putAll(extra);
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logs.resolve(service + ".log").toFile()).start();
        processes.add(process);
        return process;
    }

    private void awaitReady(String service, Process process, String url) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plusSeconds(240);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(service + " exited with " + process.exitValue() + "; see " + logs);
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
        throw new IllegalStateException(service + " was not ready in time; see " + logs);
    }

    @Override
    public void close() {
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
