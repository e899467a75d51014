package dev.mailroom.attachment.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.mailroom.attachment.config.CacheConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Copies of recent blobs on this instance's disk, so that a download is sent from a local file by the kernel
 * ({@code sendfile}) instead of being copied through this process from S3's socket to the caller's: the two kernel
 * copies of that hop were most of a proxied large download's CPU (docs/benchmarks.md). Uploads write their copy on the
 * way (write-through: an attachment is usually read soon after it is stored, by the router that sends it, and a bulk
 * job reads one template attachment for every recipient); downloads only read copies.
 *
 * <p>Why a copy is always right: it is named by the SHA-256 of its bytes, admitted only after the upload hashed
 * exactly those bytes and committed the blob's row. What a copy cannot say is whether the blob still exists, so a
 * download served from a copy reads the row first (BlobResource), as a proxied download asks S3.
 *
 * <p>Bounded by size, least recently used first. A copy evicted while a download sends it is deleted when that
 * download ends (the file must stay under its name until the sender has opened it). Written by hand rather than with
 * Caffeine: an entry's removal must wait for its readers, which a cache's removal listener cannot.
 */
@ApplicationScoped
public class BlobCache {

    private static final Logger LOG = Logger.getLogger(BlobCache.class);

    private final long maxSize;
    private final long maxBlobSize;
    private final Path directory;
    private final boolean temporaryDirectory;
    private final AtomicLong fills = new AtomicLong();
    // Access order: the eldest entry is the least recently used. Guarded by this.
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    // Evicted copies still being sent, kept under their names until their last reader is done. Guarded by this.
    private final Map<String, Entry> draining = new HashMap<>();
    private long size;
    private final Counter hits;
    private final Counter misses;

    public BlobCache(CacheConfig config, MeterRegistry meters) {
        Path chosen = null;
        boolean temporary = config.directory().isEmpty();
        if (config.maxSize() > 0) {
            try {
                chosen = temporary ? Files.createTempDirectory("mailroom-blob-cache-")
                        : emptied(config.directory().get());
            } catch (IOException | UncheckedIOException e) {
                LOG.warnf("The blob cache is off: its directory could not be prepared (%s)", e.toString());
            }
        }
        this.directory = chosen;
        this.temporaryDirectory = temporary;
        this.maxSize = chosen == null ? 0 : config.maxSize();
        this.maxBlobSize = Math.min(config.maxBlobSize(), this.maxSize);
        this.hits = Counter.builder("mailroom.blob.cache.downloads").tag("result", "hit")
                .description("Downloads by whether a local copy served them").register(meters);
        this.misses = Counter.builder("mailroom.blob.cache.downloads").tag("result", "miss")
                .description("Downloads by whether a local copy served them").register(meters);
        Gauge.builder("mailroom.blob.cache.bytes", this, BlobCache::size).baseUnit("bytes")
                .description("Bytes of the local blob copies").register(meters);
    }

    public boolean enabled() {
        return maxSize > 0;
    }

    /** A copy for an upload of {@code declaredLength} bytes (-1: unknown); {@link CacheFill#NONE} if none is kept. */
    public CacheFill startFill(long declaredLength) {
        if (!enabled() || declaredLength > maxBlobSize) {
            return CacheFill.NONE;
        }
        try {
            return new CacheFill(directory.resolve("fill-" + fills.incrementAndGet() + ".tmp"), maxBlobSize);
        } catch (IOException e) {
            LOG.warnf("An upload is not copied locally (%s)", e.toString());
            return CacheFill.NONE;
        }
    }

    /**
     * Keeps a finished fill as the copy of {@code sha256}, a committed blob of {@code size} bytes whose hash the
     * upload computed over exactly the bytes the fill holds. A fill that missed bytes is left to its close().
     */
    public void admit(CacheFill fill, String sha256, long size) {
        if (!fill.complete() || fill.written() != size) {
            return;
        }
        try {
            Path written = fill.handOver();
            synchronized (this) {
                if (entries.containsKey(sha256) || draining.containsKey(sha256)) {
                    Files.deleteIfExists(written); // the same bytes, already here
                    return;
                }
                Path file = directory.resolve(sha256);
                Files.move(written, file, StandardCopyOption.ATOMIC_MOVE);
                entries.put(sha256, new Entry(sha256, file, size));
                this.size += size;
                evictOverLimit();
            }
        } catch (IOException e) {
            LOG.warnf("The local copy of blob %s was not kept: %s", sha256, e.toString());
        }
    }

    /**
     * The copy of {@code sha256}, held for reading until the lease is released; empty when there is none (counted as
     * a miss).
     */
    public Optional<Lease> open(String sha256) {
        synchronized (this) {
            Entry entry = enabled() ? entries.get(sha256) : null;
            if (entry != null) {
                entry.readers++;
                hits.increment();
                return Optional.of(new Lease(this, entry));
            }
        }
        if (enabled()) {
            misses.increment();
        }
        return Optional.empty();
    }

    /** Drops the copy of {@code sha256}: its blob was deleted. */
    public synchronized void evict(String sha256) {
        Entry entry = entries.remove(sha256);
        if (entry != null) {
            retire(entry);
        }
    }

    /** Bytes of the copies held now. */
    public synchronized long size() {
        return size;
    }

    /** Whether a copy of {@code sha256} is held now. */
    public synchronized boolean holds(String sha256) {
        return entries.containsKey(sha256);
    }

    synchronized void release(Entry entry) {
        entry.readers--;
        if (entry.readers == 0 && entry.retired) {
            draining.remove(entry.sha256);
            delete(entry.file);
        }
    }

    private void evictOverLimit() {
        Iterator<Entry> eldest = entries.values().iterator();
        while (size > maxSize && eldest.hasNext()) {
            Entry entry = eldest.next();
            eldest.remove();
            retire(entry);
        }
    }

    private void retire(Entry entry) {
        size -= entry.size;
        if (entry.readers == 0) {
            delete(entry.file);
        } else {
            entry.retired = true;
            draining.put(entry.sha256, entry);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("Could not delete the local copy %s: %s", file, e.toString());
        }
    }

    /** A configured directory, created if missing, without the files a previous start left. */
    private static Path emptied(String configured) throws IOException {
        Path directory = Files.createDirectories(Path.of(configured));
        deleteFilesIn(directory);
        return directory;
    }

    private static void deleteFilesIn(Path directory) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, Files::isRegularFile)) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        }
    }

    @PreDestroy
    void close() {
        if (directory == null || !temporaryDirectory) {
            return;
        }
        try {
            deleteFilesIn(directory);
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            LOG.warnf("The blob cache's directory %s was not removed: %s", directory, e.toString());
        }
    }

    static final class Entry {
        final String sha256;
        final Path file;
        final long size;
        int readers;
        boolean retired;

        Entry(String sha256, Path file, long size) {
            this.sha256 = sha256;
            this.file = file;
            this.size = size;
        }
    }
}
