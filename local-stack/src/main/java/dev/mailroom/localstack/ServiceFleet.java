package dev.mailroom.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Runs the four services' packaged jars against a running stack and waits until each one is ready. */
final class ServiceFleet implements AutoCloseable {

    private final Path repositoryRoot;
    private final Path logDir;
    private final Map<MailroomService, Integer> ports = new EnumMap<>(MailroomService.class);
    private final List<ChildProcess> running = new ArrayList<>();
    private final List<MailroomService> services;

    ServiceFleet(Path repositoryRoot, Path logDir, FreePorts freePorts) {
        this(repositoryRoot, logDir, freePorts, List.of(MailroomService.values()));
    }

    /** Only {@code services}: a service's tests run the packaged services it calls (e.g. attachment-service). */
    ServiceFleet(Path repositoryRoot, Path logDir, FreePorts freePorts, List<MailroomService> services) {
        this.repositoryRoot = repositoryRoot;
        this.logDir = logDir;
        this.services = List.copyOf(services);
        for (MailroomService service : MailroomService.values()) {
            ports.put(service, freePorts.port(service.defaultPort()));
        }
    }

    void start(StackAddresses stack) throws IOException, InterruptedException {
        Path identityDir = Path.of(stack.get(StackAddresses.IDENTITY_DIR));
        dev.mailroom.localstack.identity.LocalIdentity.inDirectory(identityDir);
        for (MailroomService service : services) {
            Path jar = service.runnableJar(repositoryRoot);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(
                        jar + " is missing: package the services first (./mvnw package -DskipTests)");
            }
            List<String> command = new ArrayList<>(List.of(ChildProcess.javaExecutable()));
            command.addAll(jvmOptions(service));
            command.addAll(List.of("-jar", jar.toString()));
            Map<String, String> environment = service.environment(stack, ports);
            if (service == MailroomService.ATTACHMENT && System.getenv("ATTACHMENTS_CACHE_DIRECTORY") == null) {
                // The blob copies go under the run's directory beside the logs, not the system's temporary one: a
                // stack stopped hard leaves nothing outside its own directory.
                environment.put("ATTACHMENTS_CACHE_DIRECTORY", logDir.resolveSibling("blob-cache").toString());
            }
            running.add(ChildProcess.start(service.folder(), command, environment,
                    logDir.resolve(service.folder() + ".log")));
        }
        for (int i = 0; i < running.size(); i++) {
            awaitReady(services.get(i), running.get(i));
        }
    }

    /**
     * activity-service takes the Web API's load: a larger heap and the throughput collector, which uses both
     * cores. The others stay small, so the whole local platform fits a laptop. {@code MAILROOM_ACTIVITY_JVM_OPTIONS}
     * (whitespace-separated) replaces activity-service's, so a benchmark can compare JVM flags without a rebuild.
     */
    private static List<String> jvmOptions(MailroomService service) {
        if (service == MailroomService.ACTIVITY) {
            String override = System.getenv("MAILROOM_ACTIVITY_JVM_OPTIONS");
            return override == null || override.isBlank() ? List.of("-Xmx512m", "-XX:+UseParallelGC")
                    : List.of(override.trim().split("\\s+"));
        }
        return List.of("-Xmx256m", "-XX:+UseSerialGC");
    }

    private void awaitReady(MailroomService service, ChildProcess process) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI readiness = URI.create(url(service) + "/q/health/ready");
        Instant deadline = Instant.now().plusSeconds(180);
        while (Instant.now().isBefore(deadline)) {
            process.requireAlive();
            try {
                // A request timeout: a service that took the connection but does not answer (a readiness check
                // stuck on a dependency) is asked again, instead of holding this wait past its deadline for good.
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(readiness)
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet, or no answer within the request timeout
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(service.folder() + " was not ready in time; see " + process.log());
    }

    String url(MailroomService service) {
        return "http://127.0.0.1:" + ports.get(service);
    }

    Map<String, String> addresses() {
        Map<String, String> urls = new java.util.HashMap<>();
        for (MailroomService service : services) {
            urls.put(service.urlKey(), url(service));
        }
        return urls;
    }

    @Override
    public void close() {
        List<ChildProcess> reversed = new ArrayList<>(running);
        Collections.reverse(reversed);
        reversed.forEach(ChildProcess::stop);
    }
}
