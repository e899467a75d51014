package dev.mailroom.activity.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import dev.mailroom.activity.EmailActivity;

/**
 * The Pending Send emails external senders (BackgroundSendEmail callers) send: those of mailboxes whose outgoing
 * delivery method is 1, "Microsoft Dynamics 365 for Outlook". Each is leased to one caller at a time; a lease that
 * runs out returns the email to the pool, and the caller's status report (Sent or Failed) ends it.
 */
@ApplicationScoped
public class BackgroundSendPool {

    /** mailbox.outgoingemaildeliverymethod of a client-side sender. */
    static final int CLIENT_SIDE_DELIVERY = 1;

    private final EntityManager entityManager;

    public BackgroundSendPool(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Ties the email to its sender's mailbox (the one named, else the one with the sender's address) and answers
     * whether an external sender sends it, in which case no router is told about it.
     */
    public boolean isSentExternally(EmailActivity email, String senderAddress) {
        List<?> rows;
        if (email.sendermailboxid != null) {
            rows = entityManager.createNativeQuery("SELECT mailboxid, outgoingemaildeliverymethod FROM mailbox "
                    + "WHERE mailboxid = ?1").setParameter(1, email.sendermailboxid).getResultList();
        } else {
            rows = entityManager.createNativeQuery("SELECT mailboxid, outgoingemaildeliverymethod FROM mailbox "
                    + "WHERE lower(emailaddress) = ?1 ORDER BY createdon LIMIT 1")
                    .setParameter(1, senderAddress.toLowerCase(Locale.ROOT)).getResultList();
        }
        if (rows.isEmpty()) {
            return false;
        }
        Object[] row = (Object[]) rows.get(0);
        email.sendermailboxid = (UUID) row[0];
        return ((Number) row[1]).intValue() == CLIENT_SIDE_DELIVERY;
    }

    /**
     * Leases up to {@code limit} emails to the caller, oldest first. {@code SKIP LOCKED} lets concurrent callers
     * pass over rows another caller is leasing right now, and the lease then keeps them out of every later pick
     * until it expires: no two callers ever hold the same email.
     */
    public List<UUID> lease(int limit, Duration leaseTime) {
        @SuppressWarnings("unchecked")
        List<UUID> ids = entityManager.createNativeQuery("""
                WITH picked AS (
                    SELECT e.activityid FROM email e JOIN mailbox m ON m.mailboxid = e.sendermailboxid
                    WHERE e.statuscode = 6 AND m.outgoingemaildeliverymethod = ?1
                      AND (e.backgroundsendleaseduntil IS NULL OR e.backgroundsendleaseduntil < clock_timestamp())
                    ORDER BY e.createdon, e.activityid
                    LIMIT ?2
                    FOR UPDATE OF e SKIP LOCKED)
                UPDATE email SET backgroundsendleaseduntil = clock_timestamp() + make_interval(secs => ?3)
                FROM picked WHERE email.activityid = picked.activityid
                RETURNING email.activityid
                """).setParameter(1, CLIENT_SIDE_DELIVERY).setParameter(2, limit)
                .setParameter(3, (double) leaseTime.toMillis() / 1000).getResultList();
        return ids;
    }
}
