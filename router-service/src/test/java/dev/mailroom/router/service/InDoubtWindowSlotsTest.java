package dev.mailroom.router.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The window's slots on their own: a permit taken at the dot, given back once, a full window withholds the dot. */
class InDoubtWindowSlotsTest {

    @Test
    void shouldWithholdTheDotWhileTheWindowIsFullAndLetItGoOnceAnOutcomeIsRecorded() throws IOException {
        InDoubtWindow window = new InDoubtWindow(2, Duration.ofMillis(200), new SimpleMeterRegistry());
        InDoubtWindow.Slot first = window.slot();
        InDoubtWindow.Slot second = window.slot();
        first.beforeFinalDot();
        second.beforeFinalDot();
        assertEquals(2, window.inUse());

        InDoubtWindow.Slot third = window.slot();
        IOException withheld = assertThrows(IOException.class, third::beforeFinalDot);
        assertTrue(withheld.getMessage().contains("router.max-unrecorded-sends"), withheld.getMessage());
        assertFalse(third.reachedDot(), "a withheld send never reached its dot");

        first.release();
        first.release(); // a second release gives nothing back twice
        third.beforeFinalDot();
        assertTrue(third.reachedDot());
        assertEquals(2, window.inUse(), "the freed permit went to the waiting send, no more");
    }

    @Test
    void shouldGiveNothingBackForASendThatNeverReachedItsDot() throws IOException {
        InDoubtWindow window = new InDoubtWindow(1, Duration.ofMillis(200), new SimpleMeterRegistry());
        InDoubtWindow.Slot failedEarly = window.slot();
        InDoubtWindow.Slot sent = window.slot();
        sent.beforeFinalDot();

        failedEarly.release(); // its send failed at RCPT, say: it must not free the slot another send holds

        assertEquals(1, window.inUse());
        assertThrows(IOException.class, () -> window.slot().beforeFinalDot());
    }

    @Test
    void shouldRefuseAWindowOfNothing() {
        assertThrows(IllegalStateException.class,
                () -> new InDoubtWindow(0, Duration.ofSeconds(1), new SimpleMeterRegistry()));
    }
}
