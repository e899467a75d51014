package dev.mailroom.bulkmail.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.mailroom.events.BulkMailPage.Recipient;

/** A large read of recipients cut into the pages a job publishes: every recipient once, in order. */
class RecipientPageTest {

    @Test
    void shouldCutAReadIntoFullPagesAndAShorterLastOneInOrder() {
        List<Recipient> recipients = recipients(1234);
        List<List<Recipient>> pages = new RecipientPage(recipients, "next").slices(500);
        assertEquals(List.of(500, 500, 234), pages.stream().map(List::size).toList());
        assertEquals(recipients, pages.stream().flatMap(List::stream).toList());
    }

    @Test
    void shouldKeepAReadOfExactlyWholePagesWithoutAnEmptyPage() {
        List<List<Recipient>> pages = new RecipientPage(recipients(1000), null).slices(500);
        assertEquals(List.of(500, 500), pages.stream().map(List::size).toList());
    }

    @Test
    void shouldPublishNoPageForAnEmptyRead() {
        assertTrue(new RecipientPage(List.of(), null).slices(500).isEmpty());
    }

    @Test
    void shouldKeepASmallReadAsOnePage() {
        List<Recipient> recipients = recipients(7);
        assertEquals(List.of(recipients), new RecipientPage(recipients, null).slices(500));
    }

    @Test
    void shouldRefuseAPageOfNoRecipients() {
        RecipientPage read = new RecipientPage(recipients(3), null);
        assertThrows(IllegalArgumentException.class, () -> read.slices(0));
    }

    private static List<Recipient> recipients(int count) {
        return IntStream.range(0, count).mapToObj(i -> new Recipient(UUID.randomUUID(), "contact",
                "reader-" + i + "@example.org", false, false, List.of())).toList();
    }
}
