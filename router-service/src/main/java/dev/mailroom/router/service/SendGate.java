package dev.mailroom.router.service;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Counts the batches being sent and, once the router is shutting down, lets no further send begin: a send either
 * started before the gate closed (and is given time to finish) or never starts (and its claim is handed back).
 */
@ApplicationScoped
public class SendGate {

    private volatile boolean closed;
    private int batches;

    synchronized void enter() {
        batches++;
    }

    synchronized void leave() {
        batches--;
        if (batches == 0) {
            notifyAll();
        }
    }

    /** Checked by an SMTP thread just before it begins a send. */
    boolean mayStart() {
        return !closed;
    }

    public boolean isClosed() {
        return closed;
    }

    /** From now on no send begins. */
    public void close() {
        closed = true;
    }

    /** Waits until every batch in flight has recorded its outcomes and handed back the rest; false on timeout. */
    public synchronized boolean awaitIdle(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        while (batches > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
