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
        return CONTROLS.matcher(LINE_BREAKS.matcher(value).replaceAll(" ")).replaceAll("");
    }

    /** Whether an address is free of control characters (CR, LF, NUL, ...). */
    static boolean isSafeAddress(String address) {
        return address != null && !CONTROLS.matcher(address).find() && address.indexOf('\t') < 0;
    }
}
