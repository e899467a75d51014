package dev.mailroom.router.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mailroom.eventing.inbox.IncomingEvent;
import dev.mailroom.events.EmailPending;
import dev.mailroom.router.SendState;
import io.quarkus.test.junit.QuarkusTest;

/** The claim ledger against real PostgreSQL: one holder at a time, fenced by epoch, finished once. */
@QuarkusTest
class SendClaimsTest {

    private static final String DOMAIN = "mailroom.local";

    @Inject
    SendClaims claims;

    @Test
    void shouldLetOnlyOneRouterHoldALiveClaim() {
        IncomingEvent<EmailPending> event = event(UUID.randomUUID());

        var first = claims.claim(event, "router-a", Duration.ofMinutes(1), DOMAIN);
        var second = claims.claim(event, "router-b", Duration.ofMinutes(1), DOMAIN);

        assertInstanceOf(SendClaims.Claimed.class, first);
        assertInstanceOf(SendClaims.HeldByOther.class, second);
    }

    @Test
    void shouldFenceOffARouterWhoseLeaseWasTakenOver() {
        IncomingEvent<EmailPending> event = event(UUID.randomUUID());
        var stale = (SendClaims.Claimed) claims.claim(event, "router-a", Duration.ofMillis(1), DOMAIN);
        sleep(20);

        var takeover = (SendClaims.Claimed) claims.claim(event, "router-b", Duration.ofMinutes(1), DOMAIN);

        assertEquals(stale.epoch() + 1, takeover.epoch());
        assertEquals(2, takeover.attempt());
        assertFalse(claims.finish(event, stale.epoch(), SendState.SENT, null), "the old epoch must not finish");
        assertTrue(claims.finish(event, takeover.epoch(), SendState.SENT, null));
        assertInstanceOf(SendClaims.AlreadyFinished.class,
                claims.claim(event, "router-c", Duration.ofMinutes(1), DOMAIN));
    }

    @Test
    void shouldDeriveMessageIdFromActivityId() {
        UUID activityId = UUID.randomUUID();
        var claim = (SendClaims.Claimed) claims.claim(event(activityId), "router-a", Duration.ofMinutes(1), DOMAIN);
        assertEquals("<" + activityId + "@" + DOMAIN + ">", claim.messageId());
    }

    @Test
    void shouldLetTheSameRouterRetryAfterReleasingItsClaim() {
        IncomingEvent<EmailPending> event = event(UUID.randomUUID());
        var first = (SendClaims.Claimed) claims.claim(event, "router-a", Duration.ofMinutes(1), DOMAIN);
        claims.release(event.payload().activityId(), first.epoch(), "421 try later");

        var other = claims.claim(event, "router-b", Duration.ofMinutes(1), DOMAIN);

        assertInstanceOf(SendClaims.Claimed.class, other, "a released claim is free for anyone at once");
    }

    private static IncomingEvent<EmailPending> event(UUID activityId) {
        EmailPending pending = new EmailPending(UUID.randomUUID(), Instant.now(), activityId, "a@b.io", "a@b.io",
                List.of("c@d.io"), List.of(), List.of(), "s", "<p>b</p>", null);
        return new IncomingEvent<>(pending.eventId(), EmailPending.TYPE, activityId.toString(), pending);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
