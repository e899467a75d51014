package dev.mailroom.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Starts the local stack in a JVM of its own and hands back its addresses. Used by the test resources of every
 * service and by the end-to-end tests; the stack dies with the caller, because it stops when its standard input
 * closes.
 */
public final class LocalStackLauncher {

    private LocalStackLauncher() {
    }

    /** A running stack; closing it stops every server it started and waits for them. */
    public interface RunningStack extends AutoCloseable {
        StackAddresses addresses();

        @Override
        void close();
    }

    public static RunningStack start(Path dataDir, Set<Component> components, Path servicesRoot) {
        return start(dataDir, components, servicesRoot, List.of());
    }

    /**
     * @param serviceNames with {@code servicesRoot}, only these packaged services (folder names); empty for all
     */
    public static RunningStack start(Path dataDir, Set<Component> components, Path servicesRoot,
            List<String> serviceNames) {
        return start(dataDir, components, servicesRoot, serviceNames, null);
    }

    /**
     * @param identityDir the local identity (signing key) the services run here trust; null for the stack's own
     */
    public static RunningStack start(Path dataDir, Set<Component> components, Path servicesRoot,
            List<String> serviceNames, Path identityDir) {
        try {
            Files.createDirectories(dataDir);
            Path readyFile = dataDir.resolveSibling(dataDir.getFileName() + ".ready");
            Files.deleteIfExists(readyFile);
            List<String> command = new ArrayList<>(List.of(ChildProcess.javaExecutable(), "-Xmx768m",
                    "-XX:+UseSerialGC", "-cp", stackClasspath(), LocalStackMain.class.getName(),
                    "--data-dir", dataDir.toString(), "--ready-file", readyFile.toString(), "--watch-stdin",
                    "--only", components.stream().map(Enum::name).collect(Collectors.joining(","))));
            if (identityDir != null) {
                command.add("--identity-dir");
                command.add(identityDir.toString());
            }
            if (servicesRoot != null) {
                command.add("--services");
                command.add(servicesRoot.toString());
                if (!serviceNames.isEmpty()) {
                    command.add("--service-names");
                    command.add(String.join(",", serviceNames));
                }
            }
            Path log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    // Appended, not replaced: a test module starts a stack per profile on the same scratch path,
                    // and the log of a start that failed must survive the next start.
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            StackAddresses addresses = awaitReady(process, readyFile, log);
            return new RunningStack() {
                @Override
                public StackAddresses addresses() {
                    return addresses;
                }

                @Override
                public void close() {
                    stop(process);
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static StackAddresses awaitReady(Process process, Path readyFile, Path log) throws IOException {
        Instant deadline = Instant.now().plusSeconds(300);
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(readyFile)) {
                return StackAddresses.readFrom(readyFile);
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("The local stack exited with " + process.exitValue() + "; see " + log);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                stop(process);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while the local stack started", e);
            }
        }
        stop(process);
        throw new IllegalStateException("The local stack was not ready in time; see " + log);
    }

    private static void stop(Process process) {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
        } catch (IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** This module's own classes plus the server jars recorded at build time (see local-stack/pom.xml). */
    static String stackClasspath() throws IOException {
        try (InputStream in = LocalStackLauncher.class.getResourceAsStream("stack-classpath.txt")) {
            if (in == null) {
                throw new IllegalStateException("stack-classpath.txt is missing: build local-stack with Maven first");
            }
            String recorded = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return ownLocation() + java.io.File.pathSeparator + recorded;
        }
    }

    private static String ownLocation() {
        try {
            return Path.of(LocalStackLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Quarkus configuration that points a service at this stack; the raw addresses come along as local-stack.*. */
    public static Map<String, String> quarkusConfig(StackAddresses stack) {
        Map<String, String> config = new java.util.HashMap<>();
        Map<String, String> values = stack.values();
        values.forEach((key, value) -> config.put("local-stack." + key, value));
        putIfPresent(config, "kafka.bootstrap.servers", values.get(StackAddresses.KAFKA_BOOTSTRAP));
        putIfPresent(config, "quarkus.datasource.jdbc.url", values.get(StackAddresses.JDBC_URL));
        putIfPresent(config, "quarkus.datasource.username", values.get(StackAddresses.DB_USER));
        putIfPresent(config, "quarkus.datasource.password", values.get(StackAddresses.DB_PASSWORD));
        putIfPresent(config, "quarkus.mailer.host", values.get(StackAddresses.MAIL_HOST));
        putIfPresent(config, "quarkus.mailer.port", values.get(StackAddresses.SMTP_PORT));
        putIfPresent(config, "attachments.storage.endpoint", values.get(StackAddresses.S3_ENDPOINT));
        putIfPresent(config, "attachments.storage.access-key", values.get(StackAddresses.S3_ACCESS_KEY));
        putIfPresent(config, "attachments.storage.secret-key", values.get(StackAddresses.S3_SECRET_KEY));
        String attachmentService = values.get(MailroomService.ATTACHMENT.urlKey());
        putIfPresent(config, "activity.attachments.service-url", attachmentService);
        putIfPresent(config, "router.attachments.service-url", attachmentService);
        return config;
    }

    private static void putIfPresent(Map<String, String> config, String key, String value) {
        if (value != null) {
            config.put(key, value);
        }
    }
}
