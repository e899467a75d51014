package dev.mailroom.router.service;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

/**
 * Wakes the outbox relay after status reports are committed, at most once per delay: every commit within the delay
 * rides on the same wake-up, so one relay pass publishes the reports of many outcome groups instead of one pass (a
 * lock, a read, a delete and a commit, and a Kafka produce request) per group of a few emails. The first commit
 * after a quiet spell schedules the wake-up; later ones find it scheduled and add nothing. A zero delay wakes the
 * relay at once, every time.
 */
final class StatusWakeups implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StatusWakeups.class);

    private final Runnable wake;
    private final long delayNanos;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ScheduledExecutorService timer;

    StatusWakeups(Runnable wake, Duration delay) {
        this.wake = wake;
        this.delayNanos = delay.toNanos();
        this.timer = delayNanos > 0 ? Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "status-relay-wakeups");
            thread.setDaemon(true);
            return thread;
        }) : null;
    }

    /** Reports were committed: the relay is woken now (no delay) or once the delay since the first of them is over. */
    void committed() {
        if (timer == null) {
            wake.run();
            return;
        }
        if (scheduled.compareAndSet(false, true)) {
            timer.schedule(() -> {
                // Cleared before the wake-up: a commit from now on schedules the next one, none is missed.
                scheduled.set(false);
                wake.run();
            }, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Wakes the relay for anything still waiting, then stops the timer. */
    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
            if (scheduled.getAndSet(false)) {
                try {
                    wake.run();
                } catch (RuntimeException e) {
                    // The relay may be gone already at shutdown; the reports wait in the outbox for the next relay.
                    LOG.debugf("Outbox relay not woken at shutdown: %s", e.toString());
                }
            }
        }
    }
}
