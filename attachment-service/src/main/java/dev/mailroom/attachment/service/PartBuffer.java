package dev.mailroom.attachment.service;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * An upload's body read a part at a time, at most {@code partSize} bytes each: a body no larger than that is whole in
 * memory (and its hash known) before a byte goes to S3. A larger body is read into two arrays in turn, so that one
 * part is read while the one before is still being sent (see PartedUpload): two parts of heap however long the body
 * is. Arrays come from {@link PartArrays} when it has one and go back to it on {@link #release()}; otherwise the
 * first starts at the declared length (or 1 MiB for a chunked body) and grows only while there are more bytes, so a
 * small upload never allocates a whole part, and the second exists only for a body of several parts.
 */
final class PartBuffer {

    private static final int CHUNKED_START = 1 << 20;

    private final PartArrays pool;
    private final int partSize;
    private final byte[][] arrays = new byte[2][];
    private int current;
    private boolean started;
    private int length;
    private int carried = -1;
    private boolean ended;

    PartBuffer(long declaredLength, PartArrays pool) {
        this.pool = pool;
        this.partSize = pool.partSize();
        byte[] kept = pool.take();
        long start = declaredLength > 0 ? declaredLength : CHUNKED_START;
        arrays[0] = kept != null ? kept : new byte[(int) Math.min(start, partSize)];
    }

    /**
     * Reads the next part from {@code body} into the array not read into last time (the first part into the first);
     * false when not a byte was left. A full part is followed by a read of one byte, so that {@link #ended()} is
     * known without waiting for the next part.
     */
    boolean next(InputStream body) throws IOException {
        if (started) {
            current ^= 1;
            if (arrays[current] == null) {
                byte[] kept = pool.take();
                arrays[current] = kept != null ? kept : new byte[partSize];
            }
        }
        started = true;
        byte[] data = arrays[current];
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
                    arrays[current] = data;
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

    /** The array holding the part just read; the other array holds the part read before it. */
    byte[] data() {
        return arrays[current];
    }

    int length() {
        return length;
    }

    /** Gives the arrays back to the pool; only once no request reads them any more (the upload is over). */
    void release() {
        for (int i = 0; i < arrays.length; i++) {
            pool.giveBack(arrays[i]);
            arrays[i] = null;
        }
    }
}
