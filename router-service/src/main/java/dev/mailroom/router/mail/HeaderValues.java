package dev.mailroom.router.mail;

import java.util.regex.Pattern;

/**
 * Keeps untrusted text from becoming raw header lines. A CR or LF inside a header value would end the header and
 * start a new one (a smuggled {@code Bcc:} or {@code Reply-To:}), so line breaks are unfolded into one space, as
 * RFC 5322 unfolding would read them, and other control characters are dropped. Addresses with any control
 * character are refused instead: no rewriting makes them the address the user meant.
 */
final class HeaderValues {

    private static final Pattern LINE_BREAKS = Pattern.compile("[\\r\\n]+[ \\t]*");
    private static final Pattern CONTROLS = Pattern.compile("[\\p{Cntrl}&&[^\\t]]");

    private HeaderValues() {
    }

    /** The value as one header line's worth of text. */
    static String singleLine(String value) {
        if (value == null) {
            return null;
        }
        // Nearly every value has no control character at all: one scan, instead of two regular expressions run
        // over it for every header of every email (a per-email cost in the throughput profile).
        if (firstControl(value, true) < 0) {
            return value;
        }
        return CONTROLS.matcher(LINE_BREAKS.matcher(value).replaceAll(" ")).replaceAll("");
    }

    /** Whether an address is free of control characters (CR, LF, NUL, ..., and TAB). */
    static boolean isSafeAddress(String address) {
        return address != null && firstControl(address, false) < 0;
    }

    /**
     * The index of the first control character ({@code \p{Cntrl}}: U+0000-U+001F and U+007F), or -1; a TAB counts
     * only when {@code tabAllowed} is false.
     */
    private static int firstControl(String value, boolean tabAllowed) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && !(tabAllowed && c == '\t')) || c == 0x7f) {
                return i;
            }
        }
        return -1;
    }
}
