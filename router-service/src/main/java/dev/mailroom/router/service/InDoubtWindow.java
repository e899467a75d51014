package dev.mailroom.router.service;

import java.io.InterruptedIOException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.mailroom.router.config.RouterConfig;
import dev.mailroom.router.mail.FinalDotGate;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;

/**
 * Bounds the emails that the server may have accepted while their outcome is not yet durable in the ledger: at most
 * {@code router.max-unrecorded-sends} of them. Each send gets a {@link Slot}; it takes a permit just before its final
 * dot and gives it back only once its outcome is committed (by {@link OutcomeRecorder}). A router killed at any
 * moment thus leaves at most that many emails another router may send a second time.
 */
@ApplicationScoped
@Startup // its gauges are on the dashboard before the first send, not only after it
public class InDoubtWindow {

    private final int size;
    private final Semaphore permits;
    private final Duration maxWait;
    private final Timer waits;

    @Inject
    public InDoubtWindow(RouterConfig config, MeterRegistry meters) {
        // A server waits minutes for the end of DATA (RFC 5321: 10 minutes), but no longer than our own timeout.
        this(config.maxUnrecordedSends(), config.smtp().timeout(), meters);
    }

    InDoubtWindow(int size, Duration maxWait, MeterRegistry meters) {
        if (size < 1) {
            throw new IllegalStateException("router.max-unrecorded-sends must be at least 1, not " + size);
        }
        this.size = size;
        // Fair: a send that has waited longest at its dot goes first, so no connection starves.
        this.permits = new Semaphore(size, true);
        this.maxWait = maxWait;
        Gauge.builder("mailroom.router.unrecorded.sends", this, InDoubtWindow::inUse)
                .description("Emails past their final dot whose outcome is not yet recorded (the in-doubt window)")
                .register(meters);
        Gauge.builder("mailroom.router.unrecorded.sends.limit", this, window -> window.size)
                .description("router.max-unrecorded-sends").register(meters);
        this.waits = Timer.builder("mailroom.router.final.dot.wait")
                .description("Time a send waited at its final dot for room in the in-doubt window")
                .register(meters);
    }

    /** A slot for one send; takes its permit only when the send reaches its final dot. */
    Slot slot() {
        return new Slot();
    }

    int inUse() {
        return size - permits.availablePermits();
    }

    /** One send's place in the window: the gate before its dot, released once its outcome is recorded. */
    final class Slot implements FinalDotGate {

        private final AtomicBoolean held = new AtomicBoolean();
        private volatile boolean reachedDot;

        @Override
        public void beforeFinalDot() throws IOException {
            long start = System.nanoTime();
            boolean acquired;
            try {
                acquired = permits.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("Interrupted before the final dot");
            } finally {
                waits.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
            if (!acquired) {
                throw new IOException("No outcome was recorded for " + maxWait + " (" + size
                        + " sends waiting to be recorded, router.max-unrecorded-sends); the message was withheld "
                        + "before its final dot");
            }
            reachedDot = true;
            held.set(true);
        }

        /** Whether the send got as far as its final dot: only then may the server have the message. */
        boolean reachedDot() {
            return reachedDot;
        }

        /** Gives the permit back (once the outcome is durable, or the send never took one); idempotent. */
        void release() {
            if (held.compareAndSet(true, false)) {
                permits.release();
            }
        }
    }
}
