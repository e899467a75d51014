package dev.mailroom.endtoend.router;

import java.io.IOException;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mailroom.localstack.StackAddresses;

/**
 * router-service's packaged jar run as its own process, as a pod runs it, and stopped the way Kubernetes does. It
 * listens on a port the operating system gives it when it binds ({@code quarkus.http.port=0}), read back from its
 * start-up line: a port chosen beforehand could be taken by another process in the meantime, and the router would
 * exit with "Port ... seems to be in use".
 */
public final class RouterProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:\\s]+:(\\d+)");

    private final Process process;
    private final Path log;
    private int port;

    private RouterProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * Starts the router with the stack's addresses and {@code settings} (environment variables, which win), logging to
     * {@code target/scratch/<name>.log}, and returns once it is ready.
     */
    public static RouterProcess start(Path repositoryRoot, String name, StackAddresses stack, int smtpPort,
            Map<String, String> settings) throws IOException, InterruptedException {
        Path jar = repositoryRoot.resolve("router-service/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package router-service first");
        }
        Path log = Path.of("target", "scratch", name + ".log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+UseSerialGC",
                "-jar", jar.toString())).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", "0");
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("KAFKA_BOOTSTRAP_SERVERS", stack.get(StackAddresses.KAFKA_BOOTSTRAP));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", stack.get(StackAddresses.JDBC_URL));
        env.put("QUARKUS_DATASOURCE_USERNAME", stack.get(StackAddresses.DB_USER));
        env.put("QUARKUS_DATASOURCE_PASSWORD", stack.get(StackAddresses.DB_PASSWORD));
        env.put("QUARKUS_MAILER_HOST", "127.0.0.1");
        env.put("QUARKUS_MAILER_PORT", String.valueOf(smtpPort));
        env.put("ROUTER_INSTANCE_ID", name);
        env.putAll(settings);
        RouterProcess router = new RouterProcess(builder.start(), log);
        router.awaitReady();
        return router;
    }

    private void awaitReady() throws InterruptedException, IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plusSeconds(180);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("router exited with " + process.exitValue() + "; see " + log);
            }
            if (port == 0) {
                Matcher listening = LISTENING.matcher(Files.readString(log));
                port = listening.find() ? Integer.parseInt(listening.group(1)) : 0;
            }
            try {
                if (port != 0 && http.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not ready yet
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
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    /** Where the router writes its log. */
    public Path logFile() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }
}
