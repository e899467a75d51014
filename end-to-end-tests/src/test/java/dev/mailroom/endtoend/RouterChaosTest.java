package dev.mailroom.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
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

import dev.mailroom.endtoend.router.RouterProcess;
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
    private RouterProcess router;

    @AfterEach
    void stopEverything() {
        if (router != null) {
            try {
                router.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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
            router.kill(); // SIGKILL: no shutdown hook, no flush, mid-batch
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

    /**
     * A new router generation, through the router tests' {@link RouterProcess}: it binds a port the operating system
     * gives it, so a restart cannot lose a port chosen beforehand to a process started in between.
     */
    private RouterProcess startRouter(int generation) throws IOException, InterruptedException {
        return RouterProcess.start(root, "router-chaos-" + generation, stack.addresses(), sink.getSmtp().getPort(),
                Map.of("ROUTER_SEND_RATE_PER_MAILBOX", "0",
                        // Short timeouts, so that the claims a killed router leaves behind are taken over in the test.
                        "ROUTER_SMTP_TIMEOUT", "5s",
                        "ROUTER_CLAIM_LEASE", "15s",
                        "ROUTER_RETRY_POLL_INTERVAL", "500ms",
                        // A killed router's email-pending partitions go to the next one once the broker stops
                        // hearing from it: 10 s (Kafka's default before 3.0) instead of 45 s.
                        "KAFKA_SESSION_TIMEOUT_MS", "10000",
                        "ROUTER_INCOMING_ENABLED", "false",
                        "ROUTER_MAX_UNRECORDED_SENDS", String.valueOf(WINDOW)));
    }

    private void awaitDistinct(int count, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (countAtSink().size() < count) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Only " + countAtSink().size() + " of " + count + " Message-IDs arrived; see "
                        + router.logFile());
            }
            if (!router.isAlive()) {
                throw new AssertionError("The router exited on its own; see " + router.logFile());
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
