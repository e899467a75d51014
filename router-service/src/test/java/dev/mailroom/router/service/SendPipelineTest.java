package dev.mailroom.router.service;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.mailroom.events.CloudEventHeaders;
import dev.mailroom.events.EmailPending;
import dev.mailroom.events.Topics;
import dev.mailroom.localstack.testing.KafkaTestClient;
import dev.mailroom.localstack.testing.MailboxReader;
import dev.mailroom.router.ClaimedSend;
import dev.mailroom.router.SendOutcome;
import dev.mailroom.router.repository.SendLedger;
import dev.mailroom.router.support.PendingEvents;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A batch run again (what the consumer's retry does after recording failed) never sends twice, against real
 * PostgreSQL, Kafka and SMTP/IMAP.
 */
@QuarkusTest
class SendPipelineTest {

    @Inject
    SendPipeline pipeline;

    @Inject
    LedgerTransactions transactions;

    @Inject
    OutcomeJournal journal;

    @Inject
    RouterIdentity identity;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "local-stack.mail.host")
    String mailHost;

    @ConfigProperty(name = "local-stack.mail.imap-port")
    int imapPort;

    @Test
    void shouldSendABatchOnceWhenItRunsTwice() throws Exception {
        UUID activityId = UUID.randomUUID();
        String to = "twice-" + activityId + "@example.com";
        List<SendLedger.NewSend> batch = List.of(newSend(PendingEvents.pending(activityId, to)));

        pipeline.sendNew(batch);
        pipeline.sendNew(batch);

        new PendingEvents(bootstrapServers).awaitStatus(activityId, 3);
        assertEquals(1, inbox(to, activityId).size());
    }

    @Test
    void shouldRecordAJournaledOutcomeInsteadOfSendingAgain() throws Exception {
        UUID activityId = UUID.randomUUID();
        String to = "journal-" + activityId + "@example.com";
        SendLedger.NewSend send = newSend(PendingEvents.pending(activityId, to));
        // The first run claimed and heard 250; its outcome waits in the journal (the database was away): the re-run
        // must wait for it to be recorded, and must not send again.
        ClaimedSend claim = transactions.claimNew(List.of(send), identity.id(), Duration.ofMinutes(2)).get(0);
        journal.add(SendOutcome.sent(claim), ReportRoute.WITH_BATCH);

        pipeline.sendNew(List.of(send));

        PendingEvents events = new PendingEvents(bootstrapServers);
        events.awaitStatus(activityId, 3);
        assertTrue(journal.snapshot().isEmpty(), "the journal was written to the ledger");
        assertEquals(0, inbox(to, activityId).size(), "the retry recorded the 250 it had, it did not send again");
        // Reported when recorded, and again by the re-run from the ledger (it cannot know the first one reached
        // Kafka): the same event both times.
        List<ConsumerRecord<String, String>> reports = await().atMost(Duration.ofSeconds(30)).until(
                () -> events.kafka().allRecords(Topics.EMAIL_STATUS, r -> activityId.toString().equals(r.key())),
                found -> found.size() == 2);
        assertEquals(1, reports.stream().map(r -> KafkaTestClient.header(r, CloudEventHeaders.ID)).distinct().count());
    }

    private static SendLedger.NewSend newSend(EmailPending email) {
        return new SendLedger.NewSend(email.activityId(), PendingEvents.messageId(email.activityId()),
                PendingEvents.json(email));
    }

    private List<?> inbox(String address, UUID activityId) throws Exception {
        return new MailboxReader(mailHost).withMessageId("imap", imapPort, address,
                PendingEvents.messageId(activityId));
    }
}
