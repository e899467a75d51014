package dev.mailroom.activity.attachments;

import java.io.InputStream;
import java.util.Base64;

import dev.mailroom.activity.error.DataverseError;

/**
 * An attachment's {@code body}: Base64 text, checked in one pass before anything is stored, then decoded as a
 * stream, so the decoded bytes never exist whole in memory beside the text.
 */
final class Base64Text {

    private Base64Text() {
    }

    /** Refuses anything but canonical Base64 (RFC 4648 alphabet, padded to a multiple of four, no line breaks). */
    static void check(String text) {
        int length = text.length();
        if (length % 4 != 0) {
            throw invalid();
        }
        int padding = length == 0 ? 0 : text.charAt(length - 1) != '=' ? 0 : text.charAt(length - 2) == '=' ? 2 : 1;
        for (int i = 0; i < length - padding; i++) {
            char c = text.charAt(i);
            boolean valid = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
                    || c == '/';
            if (!valid) {
                throw invalid();
            }
        }
    }

    /** How many bytes the (checked) text decodes to. */
    static long decodedSize(String text) {
        int length = text.length();
        int padding = length == 0 ? 0 : text.charAt(length - 1) != '=' ? 0 : text.charAt(length - 2) == '=' ? 2 : 1;
        return (long) length / 4 * 3 - padding;
    }

    /** The decoded bytes, read from the text as they are consumed. */
    static InputStream decode(String text) {
        return Base64.getDecoder().wrap(new AsciiInputStream(text));
    }

    private static RuntimeException invalid() {
        return DataverseError.PAYLOAD_ERROR.withMessage("Error identified in Payload provided by the user for Entity "
                + ":'activitymimeattachment'. The 'body' is not valid Base64.");
    }

    /** The characters of an ASCII string as bytes, without copying it. */
    private static final class AsciiInputStream extends InputStream {
        private final String text;
        private int position;

        AsciiInputStream(String text) {
            this.text = text;
        }

        @Override
        public int read() {
            return position < text.length() ? text.charAt(position++) & 0x7f : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position >= text.length()) {
                return -1;
            }
            int count = Math.min(length, text.length() - position);
            for (int i = 0; i < count; i++) {
                buffer[offset + i] = (byte) text.charAt(position++);
            }
            return count;
        }
    }
}
