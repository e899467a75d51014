package dev.mailroom.templating;

import java.io.IOException;
import java.io.Writer;

/** Collects rendered text and stops the transformation once it passes its limit (a template that explodes). */
final class BoundedWriter extends Writer {

    private final StringBuilder text = new StringBuilder();
    private final int maxChars;

    BoundedWriter(int maxChars) {
        this.maxChars = maxChars;
    }

    @Override
    public void write(char[] chars, int offset, int length) throws IOException {
        if (text.length() + length > maxChars) {
            throw new LimitExceeded(maxChars);
        }
        text.append(chars, offset, length);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return text.toString();
    }

    /** Thrown through the engine; recognised by the renderer in the cause chain. */
    static final class LimitExceeded extends IOException {
        LimitExceeded(int maxChars) {
            super("the rendered text is longer than " + maxChars + " characters");
        }
    }
}
