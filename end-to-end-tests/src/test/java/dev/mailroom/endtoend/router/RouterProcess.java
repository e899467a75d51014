package dev.mailroom.endtoend.router;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.mailroom.localstack.StackAddresses;

/** router-service's packaged jar run as its own process, as a pod runs it, and stopped the way Kubernetes does. */
final class RouterProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int port;

    private RouterProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    static RouterProcess start(Path repositoryRoot, String name, StackAddresses stack, int smtpPort,
            Map<String, String> settings) throws IOException, InterruptedException {
        Path jar = repositoryRoot.resolve("router-service/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package router-service first");
        }
        Path log = Path.of("target", "scratch", name + ".log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+UseSerialGC",
                "-jar", jar.toString())).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("KAFKA_BOOTSTRAP_SERVERS", stack.get(StackAddresses.KAFKA_BOOTSTRAP));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", stack.get(StackAddresses.JDBC_URL));
        env.put("QUARKUS_DATASOURCE_USERNAME", stack.get(StackAddresses.DB_USER));
        env.put("QUARKUS_DATASOURCE_PASSWORD", stack.get(StackAddresses.DB_PASSWORD));
        env.put("QUARKUS_MAILER_HOST", "127.0.0.1");
        env.put("QUARKUS_MAILER_PORT", String.valueOf(smtpPort));
        env.put("ROUTER_INSTANCE_ID", name);
        env.putAll(settings);
        RouterProcess router = new RouterProcess(builder.start(), log, port);
        router.awaitReady();
        return router;
    }

    private void awaitReady() throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI readiness = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        Instant deadline = Instant.now().plusSeconds(180);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("router exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(HttpRequest.newBuilder(readiness).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("router was not ready in time; see " + log);
    }

    /** SIGTERM, as the kubelet sends it; returns how long the process took to exit. */
    Duration terminate(Duration atMost) throws InterruptedException {
        Instant start = Instant.now();
        process.destroy();
        if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("router still running " + atMost + " after SIGTERM; see " + log);
        }
        return Duration.between(start, Instant.now());
    }

    /** SIGKILL: no shutdown hook, no flush, whatever the router was doing. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }
}
