package dev.mailroom.bulkmail.fanout;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class UnsubscribeLinkSourceTest {

    private static final String SECRET = "a-secret-long-enough-to-sign";
    private static final UUID RECIPIENT = UUID.randomUUID();
    private static final UUID JOB = UUID.randomUUID();

    @Test
    void withoutAUrlBulkEmailHasNoLink() {
        assertNull(new UnsubscribeLinkSource(Optional.empty(), Optional.of(SECRET)).linkFor("contact", RECIPIENT, JOB));
        assertNull(new UnsubscribeLinkSource(Optional.empty(), Optional.empty()).linkFor("contact", RECIPIENT, JOB));
    }

    @Test
    void withAUrlAndASecretEachRecipientHasItsLink() {
        String link = new UnsubscribeLinkSource(Optional.of("https://mail.example.com/unsubscribe"),
                Optional.of(SECRET)).linkFor("lead", RECIPIENT, JOB);
        assertTrue(link.startsWith("https://mail.example.com/unsubscribe/"), link);
    }

    @Test
    void settingsThatCannotWorkAreRefused() {
        assertThrows(IllegalStateException.class,
                () -> new UnsubscribeLinkSource(Optional.of("https://mail.example.com/unsubscribe"), Optional.empty()));
        assertThrows(IllegalArgumentException.class,
                () -> new UnsubscribeLinkSource(Optional.of("https://mail.example.com/unsubscribe"),
                        Optional.of("short")));
        assertThrows(IllegalArgumentException.class,
                () -> new UnsubscribeLinkSource(Optional.of("mail.example.com/unsubscribe"), Optional.of(SECRET)));
    }
}
