package dev.mailroom.attachment.service;

import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.Deque;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.mailroom.attachment.config.BlobConfig;

/**
 * Part-sized arrays kept between uploads. An array of several MiB does not fit the young generation of a small heap:
 * allocated fresh per upload, each one went straight to the old generation and, once dropped, was reclaimed only by a
 * full collection (21 s of the serial collector's full pauses in the benchmark's 140 s, JFR). Kept here, the arrays
 * of one upload serve the next. At most {@link #KEPT} are kept, enough for one upload's two parts (PartBuffer), and
 * only softly: under memory pressure the collector may take them back, so keeping them never causes an
 * OutOfMemoryError. Uploads beyond the kept arrays allocate their own, as before.
 */
@ApplicationScoped
public class PartArrays {

    static final int KEPT = 2;

    private final int partSize;
    private final Deque<SoftReference<byte[]>> kept = new ArrayDeque<>();

    @Inject
    public PartArrays(BlobConfig config) {
        this.partSize = (int) Math.min(config.partSize(), Integer.MAX_VALUE - 8);
    }

    /** A pool for arrays of {@code partSize} bytes (tests of PartBuffer). */
    PartArrays(int partSize) {
        this.partSize = partSize;
    }

    int partSize() {
        return partSize;
    }

    /** A part-sized array kept from an earlier upload; null when none is left (the caller allocates its own). */
    synchronized byte[] take() {
        while (!kept.isEmpty()) {
            byte[] array = kept.pop().get();
            if (array != null) {
                return array;
            }
        }
        return null;
    }

    /** Hands back an array no request is reading any more; kept if it is part-sized and fewer than KEPT are. */
    synchronized void giveBack(byte[] array) {
        if (array != null && array.length == partSize && kept.size() < KEPT) {
            kept.push(new SoftReference<>(array));
        }
    }

    synchronized int keptCount() {
        return kept.size();
    }
}
