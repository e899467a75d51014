package dev.mailroom.attachment.cache;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A local copy held for one download: it stays under its name, even if evicted meanwhile, until released. Release it
 * once the file is sent (or will not be); a second release does nothing.
 */
public final class Lease implements AutoCloseable {

    private final BlobCache cache;
    private final BlobCache.Entry entry;
    private final AtomicBoolean released = new AtomicBoolean();

    Lease(BlobCache cache, BlobCache.Entry entry) {
        this.cache = cache;
        this.entry = entry;
    }

    public Path file() {
        return entry.file;
    }

    /** The copy's size: the blob's. */
    public long size() {
        return entry.size;
    }

    public void release() {
        if (released.compareAndSet(false, true)) {
            cache.release(entry);
        }
    }

    /** {@link #release()}. */
    @Override
    public void close() {
        release();
    }
}
