package dev.mailroom.router.mail;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The value of a message's Date header (RFC 5322 date-time, UTC), formatted once a second and shared by every message
 * of that second: a router sends hundreds a second, and formatting each date anew was a visible part of building one.
 */
final class DateHeader {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z",
            Locale.US).withZone(ZoneOffset.UTC);

    private record Formatted(long epochSecond, String value) {
    }

    private static volatile Formatted last = new Formatted(Long.MIN_VALUE, "");

    private DateHeader() {
    }

    static String now() {
        return at(Instant.now());
    }

    static String at(Instant instant) {
        long second = instant.getEpochSecond();
        Formatted formatted = last;
        if (formatted.epochSecond() != second) {
            formatted = new Formatted(second, FORMAT.format(Instant.ofEpochSecond(second)));
            last = formatted;
        }
        return formatted.value();
    }
}
