package dev.mailroom.attachment.service;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * An upload's body read a part at a time into one reused array: at most {@code partSize} bytes, so a body no larger
 * than that is whole in memory (and its hash known) before a byte goes to S3, and a larger one costs one part of
 * heap however long it is. The array starts at the declared length (or 1 MiB for a chunked body) and grows only
 * while there are more bytes, so a small upload never allocates a whole part.
 */
final class PartBuffer {

    private static final int CHUNKED_START = 1 << 20;

    private final int partSize;
    private byte[] data;
    private int length;
    private int carried = -1;
    private boolean ended;

    PartBuffer(long declaredLength, long partSize) {
        this.partSize = (int) Math.min(partSize, Integer.MAX_VALUE - 8);
        long start = declaredLength > 0 ? declaredLength : CHUNKED_START;
        this.data = new byte[(int) Math.min(start, this.partSize)];
    }

    /**
     * Reads the next part from {@code body}; false when not a byte was left. A full part is followed by a read of
     * one byte, so that {@link #ended()} is known without waiting for the next part.
     */
    boolean next(InputStream body) throws IOException {
        length = 0;
        if (carried >= 0) {
            data[length++] = (byte) carried;
            carried = -1;
        }
        while (!ended) {
            if (length == data.length) {
                int next = body.read();
                if (next == -1) {
                    ended = true;
                } else if (data.length < partSize) {
                    data = Arrays.copyOf(data, (int) Math.min(partSize, 2L * data.length));
                    data[length++] = (byte) next;
                } else {
                    carried = next;
                    return true;
                }
            } else {
                int n = body.read(data, length, data.length - length);
                if (n == -1) {
                    ended = true;
                } else {
                    length += n;
                }
            }
        }
        return length > 0;
    }

    /** True once the body is used up: the part just read is its last. */
    boolean ended() {
        return ended;
    }

    byte[] data() {
        return data;
    }

    int length() {
        return length;
    }
}
