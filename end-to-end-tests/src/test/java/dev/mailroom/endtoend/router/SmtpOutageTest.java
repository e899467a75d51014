package dev.mailroom.endtoend.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import dev.mailroom.localstack.Component;
import dev.mailroom.localstack.LocalStackLauncher;

/**
 * The SMTP server goes away for a whole minute while the packaged router drains a backlog, then comes back on the
 * same port: the router keeps the backlog in its ledger, retries with a backoff that doubles (the default twelve
 * attempts outlast a minute), and drains it by itself once the server answers again. Nothing is lost; an email is
 * delivered twice only if its outcome was unknown when the server vanished (the connection dropped after the final
 * dot), and then once more at most.
 *
 * <p>Most of this class's time is the outage's minute and the backoff after it: it runs beside the module's other
 * classes (its own stack, router and mail server on ports of their own) instead of holding them up.
 */
@Execution(ExecutionMode.CONCURRENT)
class SmtpOutageTest {

    private static final int EMAILS = 400;
    private static final Duration OUTAGE = Duration.ofMinutes(1);

    private LocalStackLauncher.RunningStack stack;
    private GreenMail server;
    private RouterProcess router;

    @AfterEach
    void stopEverything() throws Exception {
        if (router != null) {
            router.close();
        }
        if (server != null) {
            server.stop();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldDrainTheBacklogByItselfWhenTheServerComesBackAfterAMinute() throws Exception {
        Path root = Path.of(System.getProperty("mailroom.repository.root", "..")).toAbsolutePath().normalize();
        stack = LocalStackLauncher.start(Path.of("target", "scratch", "smtp-outage").toAbsolutePath(),
                EnumSet.of(Component.KAFKA, Component.POSTGRES), null);
        int port = freePort();
        server = startServer(port);
        // Production defaults (12 attempts) except the retry delays and the lease: the first retry after 250 ms
        // instead of 1 s and none later than 40 s instead of 5 minutes, so that the retry after the outage (the
        // delays double) comes within 40 s of the server's return; the outage still uses 8 to 10 of the 12 attempts
        // (at least 90 s of delays for 11 retries, jitter included). A send whose outcome the outage left unknown
        // is resent after a lease: 1 minute instead of 2, so that it too is due when the server is back.
        router = RouterProcess.start(root, "router-outage", stack.addresses(), port,
                Map.of("ROUTER_SEND_RATE_PER_MAILBOX", "0", "ROUTER_INCOMING_ENABLED", "false",
                        "ROUTER_SMTP_CONNECTIONS", "2", "ROUTER_RETRY_BACKOFF", "250ms",
                        "ROUTER_RETRY_BACKOFF_MAX", "40s", "ROUTER_CLAIM_LEASE", "1m"));
        PendingBacklog backlog = new PendingBacklog(stack.addresses()).publish(EMAILS, "outage");

        Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> backlog.copiesAt(server).size() >= 20);
        // The first server's store is kept and counted at the end: the router sends until the very stop, and a
        // stopped GreenMail starts a new store.
        Managers firstStore = server.getManagers();
        server.stop();
        Instant down = Instant.now();
        assertTrue(backlog.copiesIn(firstStore).size() < EMAILS,
                "the whole backlog went out before the server stopped");

        while (Duration.between(down, Instant.now()).compareTo(OUTAGE) < 0) {
            Thread.sleep(5000);
            assertEquals(null, backlog.ledgerBy("state").get("FAILED"), "an email failed during the outage");
            assertTrue(router.isAlive(), "the router exited; see its log");
        }
        Map<String, Integer> waiting = backlog.ledgerBy("state");
        assertTrue(waiting.getOrDefault("RETRY", 0) > 0, "nothing waits for a retry after a minute: " + waiting);

        server = startServer(port);
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> backlog.ledgerBy("state").getOrDefault("SENT", 0) == EMAILS);

        Map<String, Integer> copies = new HashMap<>(backlog.copiesIn(firstStore));
        backlog.copiesAt(server).forEach((id, count) -> copies.merge(id, count, Integer::sum));
        assertEquals(EMAILS, copies.size(), "every email reached the server");
        long doubled = copies.values().stream().filter(count -> count > 1).count();
        assertTrue(copies.values().stream().allMatch(count -> count <= 2), "an email arrived three times");
        // A second copy only where the ledger recorded an unknown outcome and resent it.
        assertTrue(doubled <= backlog.ledgerBy("unknown_resends").getOrDefault("1", 0),
                doubled + " emails arrived twice, more than were resent after an unknown outcome");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> backlog.lastStatus().size() == EMAILS);
        Map<UUID, Integer> status = backlog.lastStatus();
        assertTrue(status.values().stream().allMatch(code -> code == 3), "not every email was reported Sent");
    }

    private static GreenMail startServer(int port) {
        ServerSetup smtp = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        smtp.setServerStartupTimeout(60_000);
        GreenMail mail = new GreenMail(smtp)
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        mail.start();
        return mail;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
