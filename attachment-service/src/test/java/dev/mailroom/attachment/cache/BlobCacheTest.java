package dev.mailroom.attachment.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mailroom.attachment.config.CacheConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The cache's bookkeeping on a real directory under target/: admission, LRU eviction by size, leases. */
class BlobCacheTest {

    private final Path directory = Path.of("target", "scratch", "blob-cache-test");
    private BlobCache cache;

    @BeforeEach
    void start() throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("left-by-an-earlier-start"), "stale");
        cache = new BlobCache(config(1000, 400), new SimpleMeterRegistry());
    }

    @AfterEach
    void stop() {
        cache.close();
    }

    @Test
    void shouldStartEmptyAndKeepACompleteFillUnderItsHash() throws IOException {
        assertEquals(0, files().size(), "a previous start's files are deleted");
        byte[] bytes = bytes(300, 7);
        cache.admit(filled(bytes), "a".repeat(64), 300);

        Lease lease = cache.open("a".repeat(64)).orElseThrow();
        assertArrayEquals(bytes, Files.readAllBytes(lease.file()));
        assertEquals(300, lease.size());
        assertEquals(300, cache.size());
        lease.release();
        assertEquals(1, files().size(), "only the copy: no temporary file left");
    }

    @Test
    void shouldNotKeepAFillThatMissedBytesOrWentOverTheBlobLimit() throws IOException {
        try (CacheFill partial = filled(bytes(100, 1))) {
            cache.admit(partial, "b".repeat(64), 101); // the upload read more than the copy holds
        }
        try (CacheFill big = cache.startFill(-1)) { // length unknown: the limit is checked as bytes come
            big.write(bytes(300, 2), 0, 300);
            big.write(bytes(300, 3), 0, 300);
            cache.admit(big, "c".repeat(64), 600);
        }
        assertSame(CacheFill.NONE, cache.startFill(401), "declared over the blob limit: nothing is written");
        assertFalse(cache.holds("b".repeat(64)));
        assertFalse(cache.holds("c".repeat(64)));
        assertEquals(0, files().size(), "the abandoned fills' files are deleted");
    }

    @Test
    void shouldEvictTheLeastRecentlyUsedCopiesOverTheSizeLimit() throws IOException {
        cache.admit(filled(bytes(400, 1)), "1".repeat(64), 400);
        cache.admit(filled(bytes(400, 2)), "2".repeat(64), 400);
        cache.open("1".repeat(64)).orElseThrow().release(); // 1 is now the most recently used
        cache.admit(filled(bytes(400, 3)), "3".repeat(64), 400);

        assertTrue(cache.holds("1".repeat(64)));
        assertFalse(cache.holds("2".repeat(64)), "the least recently used goes first");
        assertTrue(cache.holds("3".repeat(64)));
        assertEquals(800, cache.size());
        assertEquals(2, files().size());
    }

    @Test
    void shouldKeepAnEvictedCopyWhileItIsReadAndDeleteItAfter() throws IOException {
        byte[] bytes = bytes(200, 9);
        cache.admit(filled(bytes), "d".repeat(64), 200);
        Lease reading = cache.open("d".repeat(64)).orElseThrow();

        cache.evict("d".repeat(64));
        assertTrue(cache.open("d".repeat(64)).isEmpty(), "no new reader gets an evicted copy");
        assertArrayEquals(bytes, Files.readAllBytes(reading.file()), "the reader's file is still there");
        cache.admit(filled(bytes), "d".repeat(64), 200); // the same bytes again while the old copy drains
        assertFalse(cache.holds("d".repeat(64)), "not admitted over a copy still being read");

        reading.release();
        reading.release(); // a second release does nothing
        assertFalse(Files.exists(reading.file()), "deleted once its reader is done");
        assertEquals(0, cache.size());
    }

    @Test
    void shouldKeepNothingWhenTurnedOff() {
        BlobCache off = new BlobCache(config(0, 400), new SimpleMeterRegistry());
        assertFalse(off.enabled());
        assertSame(CacheFill.NONE, off.startFill(10));
        assertEquals(Optional.empty(), off.open("a".repeat(64)));
    }

    private CacheFill filled(byte[] bytes) {
        CacheFill fill = cache.startFill(bytes.length);
        fill.write(bytes, 0, bytes.length);
        return fill;
    }

    private static byte[] bytes(int size, int value) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private java.util.List<Path> files() throws IOException {
        try (Stream<Path> listed = Files.list(directory)) {
            return listed.toList();
        }
    }

    private CacheConfig config(long maxSize, long maxBlobSize) {
        return new CacheConfig() {
            @Override
            public long maxSize() {
                return maxSize;
            }

            @Override
            public long maxBlobSize() {
                return maxBlobSize;
            }

            @Override
            public Optional<String> directory() {
                return Optional.of(directory.toString());
            }
        };
    }
}
