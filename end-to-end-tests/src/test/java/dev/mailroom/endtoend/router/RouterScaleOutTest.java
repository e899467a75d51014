package dev.mailroom.endtoend.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import dev.mailroom.events.Topics;
import dev.mailroom.localstack.Component;
import dev.mailroom.localstack.LocalStackLauncher;
import dev.mailroom.localstack.StackAddresses;

/**
 * Two, then three packaged routers in one consumer group on the pending topic (12 partitions): the partitions are
 * split between them, each sends its share, and every email reaches the SMTP server exactly once.
 */
class RouterScaleOutTest {

    private static final int EMAILS = 600;
    private static final String GROUP = "router-service";

    private static LocalStackLauncher.RunningStack stack;
    private static GreenMail server;
    private static Path root;

    @BeforeAll
    static void startStack() throws Exception {
        root = Path.of(System.getProperty("mailroom.repository.root", "..")).toAbsolutePath().normalize();
        stack = LocalStackLauncher.start(Path.of("target", "scratch", "router-scale-out").toAbsolutePath(),
                EnumSet.of(Component.KAFKA, Component.POSTGRES), null);
        ServerSetup smtp = new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        smtp.setServerStartupTimeout(60_000);
        server = new GreenMail(smtp).withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        server.start();
    }

    @AfterAll
    static void stopStack() {
        if (server != null) {
            server.stop();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @ParameterizedTest(name = "{0} routers")
    @ValueSource(ints = {2, 3})
    void shouldSplitThePartitionsAndSendEveryEmailOnce(int routers) throws Exception {
        List<RouterProcess> running = new ArrayList<>();
        try {
            // Started side by side, as a deployment scales out.
            List<CompletableFuture<RouterProcess>> starting = new ArrayList<>();
            for (int i = 0; i < routers; i++) {
                String name = "router-" + routers + "-" + i;
                starting.add(CompletableFuture.supplyAsync(() -> start(name)));
            }
            for (CompletableFuture<RouterProcess> router : starting) {
                running.add(router.join());
            }
            // Every router holds a share of the 12 partitions before the backlog arrives.
            Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> assignments().size() == routers);
            Map<String, Set<TopicPartition>> shares = assignments();
            Set<TopicPartition> all = new HashSet<>();
            for (Set<TopicPartition> share : shares.values()) {
                assertTrue(share.size() >= 12 / routers - 1 && share.size() <= 12 / routers + 1,
                        "an uneven split: " + shares);
                all.addAll(share);
            }
            assertEquals(12, all.size(), "every partition has an owner: " + shares);

            PendingBacklog backlog = new PendingBacklog(stack.addresses()).publish(EMAILS, "scale" + routers);
            Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> backlog.ledgerBy("state").getOrDefault("SENT", 0) == EMAILS);

            Map<String, Integer> copies = backlog.copiesAt(server);
            assertEquals(EMAILS, copies.size(), "every email reached the server");
            assertTrue(copies.values().stream().allMatch(count -> count == 1), "an email was sent twice");
            Map<String, Integer> byRouter = backlog.ledgerBy("claimed_by");
            assertEquals(routers, byRouter.size(), "not every router sent its share: " + byRouter);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> backlog.lastStatus().size() == EMAILS);
            assertTrue(backlog.lastStatus().values().stream().allMatch(code -> code == 3), "not all reported Sent");
        } finally {
            // SIGTERM: each leaves the group at once, so the next run's routers split the partitions afresh.
            for (RouterProcess router : running) {
                router.terminate(Duration.ofSeconds(90));
            }
        }
    }

    private static RouterProcess start(String name) {
        try {
            return RouterProcess.start(root, name, stack.addresses(), server.getSmtp().getPort(),
                    Map.of("ROUTER_SEND_RATE_PER_MAILBOX", "0", "ROUTER_INCOMING_ENABLED", "false",
                            "ROUTER_SMTP_CONNECTIONS", "4"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The pending-topic partitions of each live member of the routers' consumer group. */
    private static Map<String, Set<TopicPartition>> assignments() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers",
                stack.addresses().get(StackAddresses.KAFKA_BOOTSTRAP)))) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP);
            Map<String, Set<TopicPartition>> shares = new java.util.HashMap<>();
            for (MemberDescription member : group.members()) {
                Set<TopicPartition> pending = new HashSet<>();
                member.assignment().topicPartitions().stream()
                        .filter(partition -> partition.topic().equals(Topics.EMAIL_PENDING)).forEach(pending::add);
                if (!pending.isEmpty()) {
                    shares.put(member.consumerId(), pending);
                }
            }
            return shares;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
