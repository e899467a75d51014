package dev.mailroom.activity.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class CountBudgetTest {

    private static final Instant START = Instant.parse("2026-11-29T12:00:00Z");

    @Test
    void aFirstCountIsDue() {
        assertTrue(new CountBudget(0.01).due(START));
    }

    @Test
    void aQuickCountIsDueAgainAtTheNextFiring() {
        CountBudget budget = new CountBudget(0.01);
        budget.spent(START, Duration.ofMillis(5)); // 5 ms at 1%: due again 0.5 s after it began
        assertTrue(budget.due(START.plusSeconds(30)));
    }

    @Test
    void aSlowCountWaitsForItsShareOfTime() {
        CountBudget budget = new CountBudget(0.01);
        budget.spent(START, Duration.ofMillis(800)); // 0.8 s at 1%: not due for 80 s after it began
        assertFalse(budget.due(START.plusSeconds(30)));
        assertFalse(budget.due(START.plusSeconds(60)));
        assertFalse(budget.due(START.plusMillis(79_999)));
        assertTrue(budget.due(START.plusSeconds(80)));
        assertTrue(budget.due(START.plusSeconds(90)));
    }

    @Test
    void theLastCountDecides() {
        CountBudget budget = new CountBudget(0.01);
        budget.spent(START, Duration.ofSeconds(3));
        budget.spent(START.plusSeconds(300), Duration.ofMillis(10)); // the table shrank, or was vacuumed
        assertTrue(budget.due(START.plusSeconds(330)));
    }

    @Test
    void aShareOutsideOneCoreIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CountBudget(0));
        assertThrows(IllegalArgumentException.class, () -> new CountBudget(1.5));
        assertThrows(IllegalArgumentException.class, () -> new CountBudget(Double.NaN));
    }
}
