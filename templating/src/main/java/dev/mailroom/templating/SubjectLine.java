package dev.mailroom.templating;

import java.util.regex.Pattern;

/**
 * A rendered subject made fit for a mail header: every line break (CR, LF, NEL, U+2028/9) and control character
 * becomes a space, so neither the template nor a value can start a new header line.
 */
public final class SubjectLine {

    private static final Pattern BREAKS_AND_CONTROLS = Pattern.compile("[\\p{Cntrl}\\u0085\\u2028\\u2029]+");

    private SubjectLine() {
    }

    public static String of(String rendered) {
        return BREAKS_AND_CONTROLS.matcher(rendered).replaceAll(" ").strip();
    }
}
