package dev.mailroom.router;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The send ledger's row for one email: the claim that makes one router at a time its sender. */
@Entity
@Table(name = "send_ledger")
public class SendLedgerEntry {

    @Id
    @Column(name = "activity_id")
    public UUID activityId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public SendState state;

    @Column(nullable = false)
    public long epoch;

    @Column(name = "claimed_by", nullable = false)
    public String claimedBy;

    @Column(name = "lease_until", nullable = false)
    public Instant leaseUntil;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "message_id", nullable = false)
    public String messageId;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "last_error")
    public String lastError;

    public boolean isFinished() {
        return state == SendState.SENT || state == SendState.FAILED;
    }

    /** Whether another router's claim still stands, so this one must wait rather than send. */
    public boolean isHeldByOther(String routerId, Instant now) {
        return state == SendState.CLAIMED && !claimedBy.equals(routerId) && leaseUntil.isAfter(now);
    }
}
