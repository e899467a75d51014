package dev.mailroom.attachment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.mailroom.localstack.Component;
import dev.mailroom.localstack.LocalStackLauncher;
import dev.mailroom.localstack.identity.LocalIdentity;
import dev.mailroom.localstack.testing.TestIdentity;

/**
 * Neither an upload nor a download holds a file in memory: the packaged service, started in a JVM of its own with a
 * 64 MiB heap (and told to exit on any OutOfMemoryError), stores a file four times that size in the real S3 server
 * and gives it back intact. Runs after packaging (failsafe), since it needs the jar.
 */
class BoundedHeapIT {

    private static final String HEAP = "-Xmx64m";
    private static final long FILE_SIZE = 256L * 1024 * 1024;
    private static final String SERVICES_TOKEN = "Bearer " + TestIdentity.tokenFor(LocalIdentity.SERVICES_OBJECT_ID);

    private static LocalStackLauncher.RunningStack stack;
    private static Process service;
    private static String url;
    private static Path log;
    /** HTTP/1.1, as activity-service and router-service call the service. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        Path scratch = Path.of("target", "scratch", "bounded-heap").toAbsolutePath();
        Files.createDirectories(scratch);
        stack = LocalStackLauncher.start(scratch.resolve("stack"),
                EnumSet.of(Component.KAFKA, Component.POSTGRES, Component.S3), null);
        int port = freePort();
        url = "http://127.0.0.1:" + port;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), HEAP, "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
                "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1",
                "-Dattachments.blobs.max-size=" + (FILE_SIZE + 1_000_000),
                // Local blob copies on, as deployed, in the test's scratch directory.
                "-Dattachments.cache.directory=" + scratch.resolve("blob-cache")));
        for (Map.Entry<String, String> entry : LocalStackLauncher.quarkusConfig(stack.addresses()).entrySet()) {
            command.add("-D" + entry.getKey() + "=" + entry.getValue());
        }
        // The packaged service trusts the test signing key and serves Mailroom's services, as in a deployment.
        for (Map.Entry<String, String> entry : TestIdentity.serviceConfig().entrySet()) {
            command.add("-D" + entry.getKey() + "=" + entry.getValue());
        }
        command.add("-Dattachments.security.caller-object-ids=" + LocalIdentity.SERVICES_OBJECT_ID);
        command.addAll(List.of("-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toString()));
        log = scratch.resolve("attachment-service.log");
        service = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        awaitReady();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (service != null) {
            service.destroy();
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldMoveAFileFourTimesItsHeapUpAndDownIntact() throws Exception {
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        HttpResponse<String> stored = http.send(HttpRequest.newBuilder(URI.create(url + "/blobs"))
                .header("Authorization", SERVICES_TOKEN)
                .header("Content-Type", "application/octet-stream").timeout(Duration.ofMinutes(3))
                .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new DigestInputStream(new GeneratedBytes(FILE_SIZE), sent)), FILE_SIZE))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, stored.statusCode(), stored.body());
        String sha256 = HexFormat.of().formatHex(sent.digest());
        assertTrue(stored.body().contains(sha256), stored.body());

        MessageDigest received = MessageDigest.getInstance("SHA-256");
        HttpResponse<InputStream> download = http.send(HttpRequest.newBuilder(URI.create(url + "/blobs/" + sha256))
                .header("Authorization", SERVICES_TOKEN)
                .timeout(Duration.ofMinutes(3)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, download.statusCode());
        assertEquals(String.valueOf(FILE_SIZE), download.headers().firstValue("Content-Length").orElse(null));
        long size;
        try (InputStream in = new DigestInputStream(download.body(), received)) {
            size = in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        assertEquals(FILE_SIZE, size);
        assertEquals(sha256, HexFormat.of().formatHex(received.digest()), "the same bytes came back");
        assertTrue(service.isAlive(), "the service is still running: no OutOfMemoryError with " + HEAP);
        assertTrue(!Files.readString(log).contains("OutOfMemoryError"), "no OutOfMemoryError in its log");
    }

    private static void awaitReady() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plusSeconds(240);
        while (Instant.now().isBefore(deadline)) {
            if (!service.isAlive()) {
                throw new IllegalStateException("attachment-service exited with " + service.exitValue() + "; see "
                        + log);
            }
            try {
                if (client.send(HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("attachment-service was not ready in time; see " + log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Pseudo-random bytes made as they are read, so the test holds no more of the file than the service may. */
    private static final class GeneratedBytes extends InputStream {

        private final SplittableRandom random = new SplittableRandom(8);
        private long remaining;

        GeneratedBytes(long size) {
            this.remaining = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (remaining == 0) {
                return -1;
            }
            int count = (int) Math.min(length, remaining);
            for (int i = 0; i < count; i++) {
                buffer[offset + i] = (byte) random.nextInt(256);
            }
            remaining -= count;
            return count;
        }
    }
}
