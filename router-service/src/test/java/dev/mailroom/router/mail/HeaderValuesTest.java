package dev.mailroom.router.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void shouldRefuseAddressesWithControlCharacters() {
        assertTrue(HeaderValues.isSafeAddress("Ann <ann@example.com>"));
        assertFalse(HeaderValues.isSafeAddress("ann@example.com\r\nBcc: x@y.io"));
        assertFalse(HeaderValues.isSafeAddress("ann@example.com\n"));
        assertFalse(HeaderValues.isSafeAddress(null));
    }
}
