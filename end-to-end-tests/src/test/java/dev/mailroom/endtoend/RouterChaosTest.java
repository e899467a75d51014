package dev.mailroom.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import dev.mailroom.events.CloudEventHeaders;
import dev.mailroom.events.EmailPending;
import dev.mailroom.events.Topics;
import dev.mailroom.localstack.Component;
import dev.mailroom.localstack.LocalStackLauncher;
import dev.mailroom.localstack.StackAddresses;
import dev.mailroom.localstack.testing.KafkaTestClient;

/**
 * The packaged router, killed with SIGKILL three times while it drains a backlog, restarted each time. Counted at the
 * SMTP server by Message-ID: nothing lost, every email Sent, and no Message-ID delivered twice except at most one per
 * kill: a kill leaves at most {@code router.max-unrecorded-sends} emails accepted by the server and not recorded, and
 * only those are sent again.
 */
class RouterChaosTest {

    private static final int EMAILS = 3000;
    private static final int KILLS = 3;
    /** {@code router.max-unrecorded-sends}: the emails a kill may leave accepted and unrecorded. */
    private static final int WINDOW = 1;
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Path root = Path.of(System.getProperty("mailroom.repository.root", "..")).toAbsolutePath()
            .normalize();
    private final Path scratch = Path.of("target", "scratch", "router-chaos").toAbsolutePath();
    private LocalStackLauncher.RunningStack stack;
    private GreenMail sink;
    private Process router;

    @AfterEach
    void stopEverything() {
        if (router != null) {
            router.destroyForcibly();
        }
        if (sink != null) {
            sink.stop();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldLoseNothingAndDeliverAtMostOneMessageIdTwicePerKillWhenTheRouterIsKilledMidBatch() throws Exception {
        stack = LocalStackLauncher.start(scratch.resolve("stack"), EnumSet.of(Component.KAFKA, Component.POSTGRES),
                null);
        ServerSetup smtp = new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        smtp.setServerStartupTimeout(60_000);
        sink = new GreenMail(smtp).withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        sink.start();
        List<UUID> ids = publishBacklog(stack.addresses().get(StackAddresses.KAFKA_BOOTSTRAP));

        Instant start = Instant.now();
        router = startRouter(0);
        for (int kill = 1; kill <= KILLS; kill++) {
            awaitDistinct(kill * EMAILS / (KILLS + 1), Duration.ofMinutes(4));
            router.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no flush, mid-batch
            router = startRouter(kill);
        }
        awaitDistinct(EMAILS, Duration.ofMinutes(5));
        Duration drained = Duration.between(start, Instant.now());
        Thread.sleep(5000); // a late second copy would arrive now

        Map<String, Integer> perMessageId = countAtSink();
        assertEquals(EMAILS, perMessageId.size(), "every email reached the server");
        for (UUID id : ids) {
            assertTrue(perMessageId.containsKey("<" + id + "@mailroom.local>"), id + " was delivered");
        }
        int maxCopies = perMessageId.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        long doubled = perMessageId.values().stream().filter(count -> count > 1).count();
        System.out.printf("Router chaos: %d emails, %d kills, in-doubt window %d: %d Message-IDs delivered more than "
                + "once (%.2f per kill, at most %d allowed), at most %d copies of one; drained in %d s with the "
                + "restarts and lease takeovers%n", EMAILS, KILLS, WINDOW, doubled, (double) doubled / KILLS,
                KILLS * WINDOW, maxCopies, drained.toSeconds());
        assertTrue(doubled <= (long) KILLS * WINDOW, "Message-IDs delivered more than once: " + doubled
                + ", more than " + KILLS + " kills x a window of " + WINDOW);
        assertTrue(doubled <= KILLS, "no Message-ID delivered twice except at most one per kill: " + doubled);
        assertTrue(maxCopies <= 1 + KILLS, "no Message-ID more often than once plus once per kill: " + maxCopies);

        Set<String> sent = new HashSet<>();
        Set<String> failed = new HashSet<>();
        new KafkaTestClient(stack.addresses().get(StackAddresses.KAFKA_BOOTSTRAP)).allRecords(Topics.EMAIL_STATUS,
                r -> true).forEach(r -> {
                    if (r.value().contains("\"statuscode\":3")) {
                        sent.add(r.key());
                    } else if (r.value().contains("\"statuscode\":8")) {
                        failed.add(r.key());
                    }
                });
        assertEquals(Set.of(), failed, "no email failed");
        assertEquals(EMAILS, sent.size(), "every email was reported Sent, none left in Sending");
    }

    private List<UUID> publishBacklog(String bootstrap) {
        List<UUID> ids = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                "linger.ms", "20"), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < EMAILS; i++) {
                UUID id = UUID.randomUUID();
                ids.add(id);
                EmailPending email = new EmailPending(UUID.randomUUID(), Instant.now(), id, "chaos@mailroom.test",
                        "chaos@mailroom.test", List.of("r" + i + "@example.com"), List.of(), List.of(),
                        "Chaos " + i, "<p>Message " + i + "</p>", null);
                RecordHeaders headers = new RecordHeaders();
                headers.add(CloudEventHeaders.SPEC_VERSION, bytes(CloudEventHeaders.SPEC_VERSION_1_0));
                headers.add(CloudEventHeaders.ID, bytes(email.eventId().toString()));
                headers.add(CloudEventHeaders.TYPE, bytes(EmailPending.TYPE));
                headers.add(CloudEventHeaders.SOURCE, bytes("/tests"));
                producer.send(new ProducerRecord<>(Topics.EMAIL_PENDING, null, id.toString(),
                        JSON.writeValueAsString(email), headers));
            }
            producer.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    private Process startRouter(int generation) throws IOException {
        StackAddresses addresses = stack.addresses();
        Path jar = root.resolve("router-service/target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.isRegularFile(jar), jar + " exists (package router-service first)");
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString()));
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(freePort()));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("KAFKA_BOOTSTRAP_SERVERS", addresses.get(StackAddresses.KAFKA_BOOTSTRAP));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", addresses.get(StackAddresses.JDBC_URL));
        env.put("QUARKUS_DATASOURCE_USERNAME", addresses.get(StackAddresses.DB_USER));
        env.put("QUARKUS_DATASOURCE_PASSWORD", addresses.get(StackAddresses.DB_PASSWORD));
        env.put("QUARKUS_MAILER_HOST", "127.0.0.1");
        env.put("QUARKUS_MAILER_PORT", String.valueOf(sink.getSmtp().getPort()));
        env.put("ROUTER_SEND_RATE_PER_MAILBOX", "0");
        // Short timeouts, so that the claims a killed router leaves behind are taken over within the test.
        env.put("ROUTER_SMTP_TIMEOUT", "5s");
        env.put("ROUTER_CLAIM_LEASE", "15s");
        env.put("ROUTER_RETRY_POLL_INTERVAL", "500ms");
        env.put("ROUTER_INCOMING_ENABLED", "false");
        env.put("ROUTER_MAX_UNRECORDED_SENDS", String.valueOf(WINDOW));
        Files.createDirectories(scratch);
        builder.redirectErrorStream(true).redirectOutput(scratch.resolve("router-" + generation + ".log").toFile());
        return builder.start();
    }

    private void awaitDistinct(int count, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (countAtSink().size() < count) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Only " + countAtSink().size() + " of " + count + " Message-IDs arrived; see "
                        + scratch);
            }
            if (!router.isAlive()) {
                throw new AssertionError("The router exited on its own; see " + scratch);
            }
            Thread.sleep(200);
        }
    }

    private Map<String, Integer> countAtSink() throws MessagingException {
        Map<String, Integer> counts = new HashMap<>();
        for (MimeMessage message : sink.getReceivedMessages()) {
            counts.merge(message.getMessageID(), 1, Integer::sum);
        }
        return counts;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
