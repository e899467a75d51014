package dev.mailroom.router.service;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.mailroom.router.ClaimedSend;
import dev.mailroom.router.RecordedOutcome;
import dev.mailroom.router.SendOutcome;
import dev.mailroom.router.config.RouterConfig;
import dev.mailroom.router.repository.SendLedger;

/**
 * The short transactions around a batch of sends: claims with their Sending reports before SMTP, outcomes with
 * their Sent/Failed reports after it. No transaction stays open while SMTP talks.
 */
@ApplicationScoped
@Transactional
public class LedgerTransactions {

    static final String UNKNOWN_AFTER_RESEND = "Delivery outcome unknown after one resend with the same Message-ID; "
            + "the recipient may have received it";
    static final String ABANDONED_TOO_OFTEN = "Every router that took this email over vanished while sending it "
            + "(killed or hung past its claim lease); the recipient may have received it";

    private final SendLedger ledger;
    private final StatusEvents statusEvents;
    private final RouterConfig config;

    public LedgerTransactions(SendLedger ledger, StatusEvents statusEvents, RouterConfig config) {
        this.ledger = ledger;
        this.statusEvents = statusEvents;
        this.config = config;
    }

    /**
     * Claims a batch. No Sending report goes with the claim: nearly every email is Sent or Failed within its batch,
     * and one report instead of two halves the outbox rows, Kafka records and status updates per email (the
     * activity moves from Pending Send to Sent directly, which activity-service accepts as a forward move). An email
     * that has to wait (a retry, an unknown outcome, a deferral) is reported Sending when that is recorded.
     */
    public List<ClaimedSend> claimNew(List<SendLedger.NewSend> sends, String routerId, Duration lease) {
        return call(() -> ledger.claimNew(sends, routerId, lease));
    }

    /** Gives up on exhausted unknown outcomes and takeovers, then claims what is due. */
    public List<ClaimedSend> claimDue(String routerId, Duration lease, int limit) {
        return call(() -> {
            statusEvents.report(ledger.giveUp(UNKNOWN_AFTER_RESEND, ABANDONED_TOO_OFTEN,
                    config.maxTakeovers()));
            return ledger.claimDue(routerId, lease, limit, config.maxTakeovers());
        });
    }

    /** As {@link #record(List, List)}, every report through the outbox. */
    @Transactional(Transactional.TxType.NEVER)
    public List<RecordedOutcome> record(Collection<SendOutcome> outcomes) {
        List<SendOutcome> group = List.copyOf(outcomes);
        return record(group, Collections.nCopies(group.size(), ReportRoute.OUTBOX));
    }

    /**
     * Records outcomes, and the status reports that go through the outbox, in one statement that commits by itself
     * (no transaction around it: a JTA transaction would add a round trip for its commit). Returns those whose epoch
     * still held; the caller publishes the reports of those reported {@link ReportRoute#WITH_BATCH}.
     */
    @Transactional(Transactional.TxType.NEVER)
    public List<RecordedOutcome> record(List<SendOutcome> outcomes, List<ReportRoute> routes) {
        List<RecordedOutcome> recorded = call(() -> ledger.recordAndReport(outcomes,
                statusEvents.prepare(outcomes, routes)));
        if (!recorded.isEmpty() && routes.contains(ReportRoute.OUTBOX)) {
            statusEvents.committed();
        }
        return recorded;
    }

    /** The outcomes the ledger holds for these emails, for their reports to be published again. */
    public List<RecordedOutcome> outcomesOf(Collection<UUID> activityIds) {
        return call(() -> ledger.outcomesOf(activityIds));
    }

    /** Hands claims back so that any router sends them at once; no status changes (the emails stay Sending). */
    public int release(Collection<ClaimedSend> claims) {
        return call(() -> ledger.release(claims));
    }

    public int renewLeases(Collection<UUID> activityIds, String routerId, Duration lease) {
        return call(() -> ledger.renewLeases(activityIds, routerId, lease));
    }

    /** A ledger statement. */
    @FunctionalInterface
    private interface Statement<T> {
        T run() throws SQLException;
    }

    private static <T> T call(Statement<T> statement) {
        try {
            return statement.run();
        } catch (SQLException e) {
            // Unchecked, so the transaction rolls back and the caller (a consumer retry, the poller) tries again.
            throw new IllegalStateException("Send ledger statement failed: " + e.getMessage(), e);
        }
    }
}
