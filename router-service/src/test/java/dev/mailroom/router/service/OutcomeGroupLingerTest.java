package dev.mailroom.router.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.mailroom.router.SendOutcome;
import dev.mailroom.router.SendState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The recorder's wait for outcomes of sends already past their final dot (router.outcome-linger), on a real journal
 * and a real in-doubt window: it gathers them into one group, never waits once the group holds every send of the
 * window, and never waits longer than the linger.
 */
class OutcomeGroupLingerTest {

    private final OutcomeJournal journal = new OutcomeJournal();
    private final InDoubtWindow window = new InDoubtWindow(8, Duration.ofSeconds(1), new SimpleMeterRegistry());

    @Test
    void shouldGatherTheOutcomesOfSendsPastTheirDotIntoOneGroup() throws Exception {
        List<InDoubtWindow.Slot> slots = pastTheirDot(3);
        journal.add(sent(), slots.get(0)::release);
        List<OutcomeJournal.Entry> group = new ArrayList<>(journal.nextGroup(500, 100));

        // The other two replies arrive while the recorder waits: they join this group, not the next.
        CompletableFuture<Void> replies = CompletableFuture.runAsync(() -> {
            sleep(50);
            journal.add(sent(), slots.get(1)::release);
            sleep(50);
            journal.add(sent(), slots.get(2)::release);
        });
        long start = System.nanoTime();
        journal.gatherInFlight(group, 500, TimeUnit.SECONDS.toNanos(10), window::inUse);
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        replies.join();

        assertEquals(3, group.size(), "every send past its dot is in the group");
        assertTrue(waitedMillis < 5_000, "returned once the group held the whole window: " + waitedMillis + " ms");
        assertTrue(journal.more(500).isEmpty());
    }

    @Test
    void shouldNotWaitWhenEverySendOfTheWindowIsInTheGroup() throws Exception {
        List<InDoubtWindow.Slot> slots = pastTheirDot(2);
        journal.add(sent(), slots.get(0)::release);
        journal.add(sent(), slots.get(1)::release);
        List<OutcomeJournal.Entry> group = new ArrayList<>(journal.nextGroup(500, 100));

        long start = System.nanoTime();
        journal.gatherInFlight(group, 500, TimeUnit.SECONDS.toNanos(10), window::inUse);

        assertEquals(2, group.size());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 5_000,
                "nothing else can arrive before this group frees its slots: no wait");
    }

    @Test
    void shouldWaitNoLongerThanTheLinger() throws Exception {
        // The second send's reply never comes (its server hangs): the group goes out after the linger.
        List<OutcomeJournal.Entry> group = oneOfTwoSendsReplied();
        long start = System.nanoTime();
        journal.gatherInFlight(group, 500, TimeUnit.MILLISECONDS.toNanos(200), window::inUse);
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals(1, group.size());
        assertTrue(waitedMillis >= 190 && waitedMillis < 5_000, "waited " + waitedMillis + " ms for a linger of 200");
    }

    @Test
    void shouldNotWaitWithoutALinger() throws Exception {
        List<OutcomeJournal.Entry> group = oneOfTwoSendsReplied();
        long start = System.nanoTime();
        journal.gatherInFlight(group, 500, 0, window::inUse);

        assertEquals(1, group.size());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 1_000);
    }

    /** Two sends past their dot, the first one's outcome journaled and taken as a group. */
    private List<OutcomeJournal.Entry> oneOfTwoSendsReplied() throws Exception {
        List<InDoubtWindow.Slot> slots = pastTheirDot(2);
        journal.add(sent(), slots.get(0)::release);
        return new ArrayList<>(journal.nextGroup(500, 100));
    }

    private List<InDoubtWindow.Slot> pastTheirDot(int sends) throws IOException {
        List<InDoubtWindow.Slot> slots = new ArrayList<>();
        for (int i = 0; i < sends; i++) {
            InDoubtWindow.Slot slot = window.slot();
            slot.beforeFinalDot();
            slots.add(slot);
        }
        assertEquals(sends, window.inUse());
        return slots;
    }

    private static SendOutcome sent() {
        return new SendOutcome(UUID.randomUUID(), 1, SendState.SENT, null, Duration.ZERO, 1, "<m@test>", null);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
