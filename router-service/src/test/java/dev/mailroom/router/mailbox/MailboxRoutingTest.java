package dev.mailroom.router.mailbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import dev.mailroom.eventing.secrets.CredentialSeal;
import dev.mailroom.events.EmailPending;
import dev.mailroom.localstack.testing.MailboxReader;
import dev.mailroom.router.repository.SendLedger;
import dev.mailroom.router.service.SendPipeline;
import dev.mailroom.router.support.MailboxSettings;
import dev.mailroom.router.support.PendingEvents;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Mailbox settings projected from their topic decide how mail goes out: approval, the mailbox's outgoing server
 * profile (over real TLS), and the send rate all routers share. Real Kafka, PostgreSQL and mail servers.
 */
@QuarkusTest
class MailboxRoutingTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "local-stack.mail.host")
    String mailHost;

    @ConfigProperty(name = "local-stack.mail.imap-port")
    int imapPort;

    @ConfigProperty(name = "local-stack.mail.smtp-port")
    int smtpPort;

    @Inject
    MailboxDirectory directory;

    @Inject
    CredentialSeal seal;

    @Inject
    SendPipeline pipeline;

    @Inject
    SendBudget budget;

    @Test
    void shouldFailMailFromAnUnapprovedUserUntilTheUserIsApproved() throws Exception {
        MailboxSettings settings = new MailboxSettings(bootstrapServers);
        PendingEvents events = new PendingEvents(bootstrapServers);
        UUID organization = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        String address = "unapproved-" + user + "@mailroom.test";
        settings.approvalRequired(organization, true, false);
        settings.owner(user, "systemuser", address, 2);
        settings.mailbox(UUID.randomUUID(), address, user, "systemuser", null);
        awaitSettings(address, s -> s.requireUserApproval() && Integer.valueOf(2).equals(s.ownerApproval()));
        try {
            UUID blocked = UUID.randomUUID();
            String to = "blocked-" + blocked + "@example.com";
            events.publish(from(address, blocked, to));
            JsonNode failed = payload(events.awaitStatus(blocked, 8));
            assertTrue(failed.get("failureReason").asText().contains(address + " is not approved"),
                    failed.get("failureReason").asText());
            assertTrue(failed.get("failureReason").asText().contains("requires approval for user email"));
            assertEquals(0, inbox(to, blocked).size(), "nothing was sent from the unapproved mailbox");

            settings.owner(user, "systemuser", address, ApprovalPolicy.APPROVED);
            awaitSettings(address, s -> Integer.valueOf(1).equals(s.ownerApproval()));
            UUID approved = UUID.randomUUID();
            String approvedTo = "approved-" + approved + "@example.com";
            events.publish(from(address, approved, approvedTo));
            events.awaitStatus(approved, 3);
            assertEquals(1, inbox(approvedTo, approved).size());
        } finally {
            settings.approvalRequired(organization, false, false);
            awaitSettings(address, s -> !s.requireUserApproval());
        }
    }

    @Test
    void shouldSendThroughTheMailboxsServerProfileOverImplicitTlsWithItsCredentials() throws Exception {
        ServerSetup smtps = new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTPS);
        smtps.setServerStartupTimeout(60_000);
        GreenMail profileServer = new GreenMail(smtps);
        profileServer.start();
        try {
            profileServer.setUser("relay@mailroom.test", "relay-user", "Relay-Secret-1");
            MailboxSettings settings = new MailboxSettings(bootstrapServers);
            UUID profile = UUID.randomUUID();
            String address = "profiled-" + profile + "@mailroom.test";
            settings.outgoingProfile(profile, "smtps://127.0.0.1", profileServer.getSmtps().getPort(), true,
                    "relay-user", seal.seal("Relay-Secret-1"));
            settings.mailbox(UUID.randomUUID(), address, null, null, profile);
            awaitSettings(address, s -> s.profile() != null);

            UUID activityId = UUID.randomUUID();
            String to = "via-profile-" + activityId + "@example.com";
            PendingEvents events = new PendingEvents(bootstrapServers);
            events.publish(from(address, activityId, to));
            events.awaitStatus(activityId, 3);

            List<MimeMessage> received = new ArrayList<>();
            for (MimeMessage message : profileServer.getReceivedMessages()) {
                if (PendingEvents.messageId(activityId).equals(message.getMessageID())) {
                    received.add(message);
                }
            }
            assertEquals(1, received.size(), "the profile's server got the message");
            assertEquals(0, inbox(to, activityId).size(), "the default relay did not");
        } finally {
            profileServer.stop();
        }
    }

    @Test
    void shouldNeverFallBackToClearTextWhenTheProfileRequiresStartTls() throws Exception {
        // The local stack's SMTP server offers no STARTTLS: a profile that requires it must not send in clear.
        MailboxSettings settings = new MailboxSettings(bootstrapServers);
        UUID profile = UUID.randomUUID();
        String address = "starttls-" + profile + "@mailroom.test";
        settings.outgoingProfile(profile, mailHost, smtpPort, true, null, null);
        settings.mailbox(UUID.randomUUID(), address, null, null, profile);
        awaitSettings(address, s -> s.profile() != null);

        UUID activityId = UUID.randomUUID();
        String to = "starttls-" + activityId + "@example.com";
        PendingEvents events = new PendingEvents(bootstrapServers);
        events.publish(from(address, activityId, to));
        JsonNode failed = payload(events.awaitStatus(activityId, 8));
        String reason = failed.get("failureReason").asText();
        assertTrue(reason.contains("does not offer STARTTLS") && reason.contains(mailHost), reason);
        // Permanent: failed at the first attempt, not after router.max-attempts retries.
        assertEquals(1, failed.get("deliveryAttempts").asInt(), failed.toString());
        assertEquals(0, inbox(to, activityId).size());
    }

    @Test
    void shouldDeferMailOverTheMailboxsSendRateAndSendAllOfItOnceLater() throws Exception {
        // router.send-rate.mailboxes."rated@mailroom.test"=5 in the test profile: 5 a second, 5 saved up at most.
        String address = "rated@mailroom.test";
        List<UUID> ids = new ArrayList<>();
        List<SendLedger.NewSend> batch = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            UUID activityId = UUID.randomUUID();
            ids.add(activityId);
            EmailPending email = from(address, activityId, "rated-" + activityId + "@example.com");
            batch.add(new SendLedger.NewSend(activityId, PendingEvents.messageId(activityId),
                    PendingEvents.json(email)));
        }
        pipeline.sendNew(batch);

        PendingEvents events = new PendingEvents(bootstrapServers);
        List<Instant> sentAt = new ArrayList<>();
        int firstAttempts = 0;
        for (UUID activityId : ids) {
            JsonNode sent = payload(events.awaitStatus(activityId, 3));
            firstAttempts += sent.get("deliveryAttempts").asInt() == 1 ? 1 : 0;
            sentAt.add(Instant.parse(sent.get("occurredAt").asText()));
            assertEquals(1, inbox("rated-" + activityId + "@example.com", activityId).size());
        }
        Duration spread = Duration.between(sentAt.stream().min(Instant::compareTo).orElseThrow(),
                sentAt.stream().max(Instant::compareTo).orElseThrow());
        // Ten of them were deferred, most more than once: had a deferral used an attempt, they would show 2 or more
        // (one may retry for a reason of its own, such as a pooled connection the server dropped).
        assertTrue(firstAttempts >= 13, firstAttempts + " of 15 sent at their first delivery attempt");
        // 15 emails at 5 a second with 5 saved up: the last ten need two seconds of refill.
        assertTrue(spread.toMillis() >= 1500, "sent over " + spread + ", not at once");
    }

    @Test
    void shouldShareOneBudgetBetweenConcurrentTakers() {
        String mailbox = "shared-" + UUID.randomUUID() + "@mailroom.test";
        SendBudget.Request request = new SendBudget.Request(mailbox, 8, 0.001, 10);
        CompletableFuture<Map<String, SendBudget.Grant>> first =
                CompletableFuture.supplyAsync(() -> budget.take(List.of(request)));
        CompletableFuture<Map<String, SendBudget.Grant>> second =
                CompletableFuture.supplyAsync(() -> budget.take(List.of(request)));
        int granted = first.join().get(mailbox).granted() + second.join().get(mailbox).granted();
        assertEquals(10, granted, "two routers asking for 8 each from a bucket of 10 get 10 together");
    }

    private void awaitSettings(String address, java.util.function.Predicate<SenderSettings> ready) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            SenderSettings settings = directory.lookup(List.of(address.toLowerCase())).get(address.toLowerCase());
            return settings != null && ready.test(settings);
        });
    }

    private static EmailPending from(String address, UUID activityId, String to) {
        return new EmailPending(UUID.randomUUID(), Instant.now(), activityId, address.toLowerCase(), address,
                List.of(to), List.of(), List.of(), "Subject " + activityId, "<p>Hello</p>", null);
    }

    private static JsonNode payload(ConsumerRecord<String, String> record) throws Exception {
        return PendingEvents.MAPPER.readTree(record.value());
    }

    private List<?> inbox(String address, UUID activityId) throws Exception {
        return new MailboxReader(mailHost).withMessageId("imap", imapPort, address,
                PendingEvents.messageId(activityId));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
