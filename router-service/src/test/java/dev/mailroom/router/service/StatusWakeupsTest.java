package dev.mailroom.router.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The relay's wake-ups after status commits: at most one per delay, none lost, at once when there is no delay. */
class StatusWakeupsTest {

    @Test
    void shouldWakeTheRelayOnceForEveryCommitWithinTheDelay() throws Exception {
        Semaphore wakes = new Semaphore(0);
        try (StatusWakeups wakeups = new StatusWakeups(wakes::release, Duration.ofMillis(200))) {
            long start = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                wakeups.committed();
            }
            assertTrue(wakes.tryAcquire(5, TimeUnit.SECONDS), "woken after the delay");
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(200), "not before the delay");
            assertEquals(0, wakes.availablePermits(), "one wake-up for all 100 commits");
            Thread.sleep(400);
            assertEquals(0, wakes.availablePermits(), "and no other without a commit");

            // A commit after the wake-up is not lost: it schedules the next one.
            wakeups.committed();
            assertTrue(wakes.tryAcquire(5, TimeUnit.SECONDS), "woken for the later commit");
        }
    }

    @Test
    void shouldWakeTheRelayAtOnceForEveryCommitWithoutADelay() {
        AtomicInteger wakes = new AtomicInteger();
        try (StatusWakeups wakeups = new StatusWakeups(wakes::incrementAndGet, Duration.ZERO)) {
            wakeups.committed();
            wakeups.committed();
            assertEquals(2, wakes.get(), "no timer: each commit wakes the relay in the caller's thread");
        }
    }

    @Test
    void shouldWakeTheRelayOnCloseForACommitStillWaiting() {
        AtomicInteger wakes = new AtomicInteger();
        StatusWakeups wakeups = new StatusWakeups(wakes::incrementAndGet, Duration.ofMinutes(10));
        wakeups.committed();
        assertEquals(0, wakes.get(), "still within the delay");
        wakeups.close();
        assertEquals(1, wakes.get(), "closing wakes the relay for the waiting reports");
    }
}
