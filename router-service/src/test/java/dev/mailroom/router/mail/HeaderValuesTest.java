package dev.mailroom.router.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class HeaderValuesTest {

    @Test
    void shouldUnfoldLineBreaksIntoOneSpace() {
        assertEquals("Hello Bcc: x@y.io", HeaderValues.singleLine("Hello\r\nBcc: x@y.io"));
        assertEquals("a b c", HeaderValues.singleLine("a\nb\r\n\tc"));
        assertEquals("nul", HeaderValues.singleLine("n\u0000ul"));
        assertEquals("Grüße, Tabs\tstay", HeaderValues.singleLine("Grüße, Tabs\tstay"));
    }

    @Test
    void shouldTreatEveryControlCharacterAsTheRegularExpressionsDo() {
        // The scan that lets clean values through must agree with the patterns on every character class: plain text,
        // TAB, CR, LF, the other C0 controls, DEL, Latin-1 and beyond.
        Pattern lineBreaks = Pattern.compile("[\\r\\n]+[ \\t]*");
        Pattern controls = Pattern.compile("[\\p{Cntrl}&&[^\\t]]");
        char[] alphabet = {'a', 'Z', ' ', '@', '<', '\t', '\r', '\n', '\u0000', '\u0001', '\u001f', '\u007f', '\u0080',
            '\u00fc', '\u2028', '\u20ac'};
        Random random = new Random(7);
        for (int n = 0; n < 5_000; n++) {
            StringBuilder value = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                value.append(random.nextInt(4) == 0 ? alphabet[random.nextInt(alphabet.length)] : 'x');
            }
            String text = value.toString();
            assertEquals(controls.matcher(lineBreaks.matcher(text).replaceAll(" ")).replaceAll(""),
                    HeaderValues.singleLine(text), () -> "singleLine of " + text.chars().boxed().toList());
            assertEquals(!controls.matcher(text).find() && text.indexOf('\t') < 0, HeaderValues.isSafeAddress(text),
                    () -> "isSafeAddress of " + text.chars().boxed().toList());
        }
        String clean = "Bench 42, Grüße";
        assertSame(clean, HeaderValues.singleLine(clean), "a clean value is used as it is");
        assertFalse(HeaderValues.isSafeAddress("ann@example.com\u007f"));
        assertFalse(HeaderValues.isSafeAddress("ann\t@example.com"));
    }

    @Test
    void shouldRefuseAddressesWithControlCharacters() {
        assertTrue(HeaderValues.isSafeAddress("Ann <ann@example.com>"));
        assertFalse(HeaderValues.isSafeAddress("ann@example.com\r\nBcc: x@y.io"));
        assertFalse(HeaderValues.isSafeAddress("ann@example.com\n"));
        assertFalse(HeaderValues.isSafeAddress(null));
    }
}
