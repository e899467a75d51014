package dev.mailroom.activity.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.mailroom.templating.UnsubscribeLinks;

class UnsubscribeTokensTest {

    private static final String SECRET = "a-secret-long-enough-to-sign";

    @Test
    void aTokenSignedWithTheSecretIsVerifiedWhateverTheLinksBase() {
        UUID contact = UUID.randomUUID();
        UUID job = UUID.randomUUID();
        String link = new UnsubscribeLinks("https://mail.example.com/u", SECRET).linkFor("contact", contact, job);
        assertEquals(Optional.of(new UnsubscribeLinks.Unsubscribe("contact", contact, job)),
                new UnsubscribeTokens(Optional.of(SECRET)).verify(link.substring(link.lastIndexOf('/') + 1)));
    }

    @Test
    void withoutASecretEveryTokenIsRefused() {
        String link = new UnsubscribeLinks("https://mail.example.com/u", SECRET).linkFor("contact", UUID.randomUUID(),
                UUID.randomUUID());
        assertEquals(Optional.empty(),
                new UnsubscribeTokens(Optional.empty()).verify(link.substring(link.lastIndexOf('/') + 1)));
    }

    @Test
    void aSecretTooShortToBeSafeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new UnsubscribeTokens(Optional.of("short")));
    }
}
