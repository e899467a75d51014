package dev.mailroom.router.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.events.Topics;
import dev.mailroom.router.ClaimedSend;
import dev.mailroom.router.RecordedOutcome;
import dev.mailroom.router.SendOutcome;
import dev.mailroom.router.SendState;
import dev.mailroom.router.repository.SendLedger;
import dev.mailroom.router.support.PendingEvents;
import io.quarkus.test.junit.QuarkusTest;

/** The send ledger against real PostgreSQL: first claims only, fenced outcomes, finished for good. */
@QuarkusTest
class LedgerTransactionsTest {

    private static final Duration LEASE = Duration.ofMinutes(2);

    @Inject
    LedgerTransactions transactions;

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void shouldClaimOnlyEmailsTheLedgerHasNotSeen() {
        SendLedger.NewSend known = newSend();
        SendLedger.NewSend fresh = newSend();
        transactions.claimNew(List.of(known), "router-a", LEASE);

        List<ClaimedSend> claimed = transactions.claimNew(List.of(known, fresh, fresh), "router-a", LEASE);

        assertEquals(List.of(fresh.activityId()), claimed.stream().map(ClaimedSend::activityId).toList(),
                "the router's own earlier claim is not claimed again, and a duplicate in one batch counts once");
        assertTrue(transactions.claimNew(List.of(known), "router-b", LEASE).isEmpty());
        assertEquals(1, claimed.get(0).epoch());
        assertEquals(1, claimed.get(0).attempt());
    }

    @Test
    void shouldClaimWithoutTheDatabaseSendingThePayloadBack() throws SQLException {
        UUID activityId = UUID.randomUUID();
        SendLedger.NewSend offered = new SendLedger.NewSend(activityId, PendingEvents.messageId(activityId),
                PendingEvents.json(PendingEvents.pending(activityId, "p-" + activityId + "@example.com")),
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

        ClaimedSend claimed = transactions.claimNew(List.of(offered), "router-a", LEASE).get(0);

        assertSame(offered.payload(), claimed.payload(),
                "the claim keeps the payload the router holds; the statement does not return kilobytes per email");
        assertEquals(offered.messageId(), claimed.messageId());
        assertEquals(offered.traceparent(), claimed.traceparent());
        assertEquals(1, claimed.epoch());
        assertEquals(1, claimed.attempt());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT payload, traceparent, epoch FROM send_ledger WHERE activity_id = ?")) {
            select.setObject(1, activityId);
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next());
                assertEquals(offered.payload(), row.getString(1), "a takeover reads the whole payload from the ledger");
                assertEquals(offered.traceparent(), row.getString(2));
                assertEquals(1, row.getLong(3));
            }
        }
    }

    @Test
    void shouldStoreAPayloadThatFitsAPageUncompressedAndCompressALargerOne() throws SQLException {
        // Both highly compressible: without V8, PostgreSQL compresses any row over about 2 KiB.
        SendLedger.NewSend usual = new SendLedger.NewSend(UUID.randomUUID(), "<usual@test>", "x".repeat(3_000));
        SendLedger.NewSend large = new SendLedger.NewSend(UUID.randomUUID(), "<large@test>", "x".repeat(20_000));

        transactions.claimNew(List.of(usual, large), "router-a", LEASE);

        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT pg_column_compression(payload), "
                        + "payload FROM send_ledger WHERE activity_id = ?")) {
            select.setObject(1, usual.activityId());
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next());
                assertNull(row.getString(1), "a claim whose row fits a page is stored as it is");
                assertEquals(usual.payload(), row.getString(2));
            }
            select.setObject(1, large.activityId());
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next());
                assertEquals("pglz", row.getString(1), "a larger email is still compressed");
                assertEquals(large.payload(), row.getString(2));
            }
        }
    }

    @Test
    void shouldIgnoreAnOutcomeFromAStaleEpoch() {
        ClaimedSend claim = transactions.claimNew(List.of(newSend()), "router-a", LEASE).get(0);
        ClaimedSend stale = new ClaimedSend(claim.activityId(), claim.epoch() - 1, 1, claim.messageId(), null, false);

        assertTrue(transactions.record(List.of(SendOutcome.sent(stale))).isEmpty());
        List<RecordedOutcome> recorded = transactions.record(List.of(SendOutcome.sent(claim)));
        assertEquals(SendState.SENT, recorded.get(0).state());
        assertTrue(transactions.record(List.of(SendOutcome.failed(claim, "late"))).isEmpty(),
                "a finished email takes no second outcome");
    }

    @Test
    void shouldReportOnlyTheOutcomesItRecordsInTheSameStatement() throws Exception {
        ClaimedSend sent = transactions.claimNew(List.of(newSend()), "router-a", LEASE).get(0);
        ClaimedSend deferred = transactions.claimNew(List.of(newSend()), "router-a", LEASE).get(0);
        ClaimedSend stale = new ClaimedSend(sent.activityId(), sent.epoch() - 1, 1, sent.messageId(), null, false);

        List<RecordedOutcome> recorded = transactions.record(List.of(SendOutcome.sent(stale), SendOutcome.sent(sent),
                SendOutcome.later(deferred, SendState.DEFERRED, "over the send rate", Duration.ofSeconds(1))));

        assertEquals(2, recorded.size(), "the stale outcome is fenced off");
        PendingEvents events = new PendingEvents(bootstrapServers);
        JsonNode report = PendingEvents.MAPPER.readTree(events.awaitStatus(sent.activityId(), 3).value());
        assertEquals(1, report.get("deliveryAttempts").asInt());
        assertEquals(sent.messageId(), report.get("messageId").asText());
        JsonNode waiting = PendingEvents.MAPPER.readTree(events.awaitStatus(deferred.activityId(), 7).value());
        assertEquals(0, waiting.get("deliveryAttempts").asInt(), "a deferral gives its attempt back");
        assertEquals(1, events.kafka().allRecords(Topics.EMAIL_STATUS,
                r -> sent.activityId().toString().equals(r.key())).size(),
                "one report for the recorded outcome, none for the fenced-off one");
    }

    @Test
    void shouldRecordAnOutcomeReportedWithItsBatchWithoutAnOutboxRowAndGiveItBackForItsReport() throws Exception {
        ClaimedSend withBatch = transactions.claimNew(List.of(newSend()), "router-a", LEASE).get(0);
        ClaimedSend outboxed = transactions.claimNew(List.of(newSend()), "router-a", LEASE).get(0);
        ClaimedSend stillClaimed = transactions.claimNew(List.of(newSend()), "router-a", LEASE).get(0);

        List<RecordedOutcome> recorded = transactions.record(
                List.of(SendOutcome.sent(withBatch), SendOutcome.failed(outboxed, "550 no such user")),
                List.of(ReportRoute.WITH_BATCH, ReportRoute.OUTBOX));

        assertEquals(2, recorded.size());
        RecordedOutcome sent = recorded.stream().filter(o -> o.activityId().equals(withBatch.activityId()))
                .findFirst().orElseThrow();
        assertEquals(withBatch.epoch(), sent.epoch());
        assertTrue(sent.at() != null, "the time the ledger recorded it, for its report");
        assertEquals(0, outboxRows(withBatch.activityId()), "its report is the caller's to publish");
        PendingEvents events = new PendingEvents(bootstrapServers);
        events.awaitStatus(outboxed.activityId(), 8);
        assertEquals(0, events.kafka().allRecords(Topics.EMAIL_STATUS,
                r -> withBatch.activityId().toString().equals(r.key())).size(),
                "the relay published the outbox's report of the same statement, and none for this one");

        // Given again from the ledger, as it was recorded: the same epoch and time, hence the same report.
        List<RecordedOutcome> again = transactions.outcomesOf(List.of(withBatch.activityId(),
                stillClaimed.activityId(), UUID.randomUUID()));
        assertEquals(List.of(sent), again, "a claim being sent is its router's to report; an unknown id, nobody's");
    }

    @Test
    void shouldRenewOnlyTheHoldersLease() {
        ClaimedSend claim = transactions.claimNew(List.of(newSend()), "router-a", LEASE).get(0);

        assertEquals(0, transactions.renewLeases(List.of(claim.activityId()), "router-b", LEASE));
        assertEquals(1, transactions.renewLeases(List.of(claim.activityId()), "router-a", LEASE));
    }

    private long outboxRows(UUID activityId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT count(*) FROM outbox_event WHERE message_key = ?")) {
            select.setString(1, activityId.toString());
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static SendLedger.NewSend newSend() {
        UUID activityId = UUID.randomUUID();
        return new SendLedger.NewSend(activityId, PendingEvents.messageId(activityId),
                PendingEvents.json(PendingEvents.pending(activityId, "l-" + activityId + "@example.com")));
    }
}
