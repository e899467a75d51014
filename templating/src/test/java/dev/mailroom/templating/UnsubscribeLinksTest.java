package dev.mailroom.templating;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class UnsubscribeLinksTest {

    private static final String SECRET = "a-secret-of-thirty-two-characters";
    private static final UUID RECIPIENT = UUID.fromString("6f1c1e0e-3b1a-4c4e-9a53-0a7e2f6d1b11");
    private static final UUID JOB = UUID.fromString("01a226fa-8872-7000-a22b-3a4d80057561");

    private final UnsubscribeLinks links = new UnsubscribeLinks("https://mail.example.com/unsubscribe/", SECRET);

    @Test
    void aLinkLeadsBackToItsRecipientAndJob() {
        String link = links.linkFor("lead", RECIPIENT, JOB);
        assertTrue(link.startsWith("https://mail.example.com/unsubscribe/"), link);
        String token = link.substring(link.lastIndexOf('/') + 1);
        assertEquals(69, token.length(), token);
        assertEquals(Optional.of(new UnsubscribeLinks.Unsubscribe("lead", RECIPIENT, JOB)), links.verify(token));
    }

    @Test
    void theSameRecipientAndJobAlwaysGiveTheSameLink() {
        assertEquals(links.linkFor("contact", RECIPIENT, JOB), links.linkFor("contact", RECIPIENT, JOB));
        assertNotEquals(links.linkFor("contact", RECIPIENT, JOB), links.linkFor("account", RECIPIENT, JOB));
    }

    @Test
    void anAlteredTokenIsRefused() {
        String token = token(links.linkFor("contact", RECIPIENT, JOB));
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) == '.') {
                continue;
            }
            char changed = token.charAt(i) == 'A' ? 'B' : 'A';
            String altered = token.substring(0, i) + changed + token.substring(i + 1);
            assertEquals(Optional.empty(), links.verify(altered), "altered at " + i + ": " + altered);
        }
    }

    @Test
    void aTokenOfAnotherSecretIsRefused() {
        UnsubscribeLinks other = new UnsubscribeLinks("https://mail.example.com/unsubscribe", SECRET + "!");
        assertEquals(Optional.empty(), links.verify(token(other.linkFor("contact", RECIPIENT, JOB))));
    }

    @Test
    void malformedTokensAreRefused() {
        String token = token(links.linkFor("contact", RECIPIENT, JOB));
        for (String bad : new String[] {null, "", ".", "abc", token.substring(0, token.indexOf('.')),
                token.substring(0, 40) + "." + token.substring(token.indexOf('.') + 1), token + "A", token + ".x",
                "!!!." + token.substring(token.indexOf('.') + 1), "x".repeat(200) + "." + "y"}) {
            assertEquals(Optional.empty(), links.verify(bad), String.valueOf(bad));
        }
    }

    @Test
    void onlyTheTablesABulkJobSendsToHaveLinks() {
        assertThrows(IllegalArgumentException.class, () -> links.linkFor("systemuser", RECIPIENT, JOB));
    }

    @Test
    void aShortSecretOrAnUnsafeBaseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new UnsubscribeLinks("https://x.example/u", "short"));
        assertThrows(IllegalArgumentException.class, () -> new UnsubscribeLinks("ftp://x.example/u", SECRET));
        assertThrows(IllegalArgumentException.class, () -> new UnsubscribeLinks("https://x.example/u>", SECRET));
        assertThrows(IllegalArgumentException.class,
                () -> new UnsubscribeLinks("https://x.example/u\r\nBcc: a@b.example", SECRET));
        assertThrows(IllegalArgumentException.class, () -> new UnsubscribeLinks(null, SECRET));
    }

    private static String token(String link) {
        return link.substring(link.lastIndexOf('/') + 1);
    }
}
