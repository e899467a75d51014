package dev.mailroom.attachment.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.jboss.logging.Logger;

/**
 * The copy an upload writes beside its way to S3: every byte the upload hashes is appended to a temporary file, which
 * BlobCache admits under the hash once the blob is committed. Best effort: a copy that would exceed the cache's blob
 * limit, or whose disk write fails, is abandoned and the upload goes on unaffected. One thread writes at a time (the
 * upload's reader).
 */
public class CacheFill implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CacheFill.class);

    /** A fill that keeps nothing: the cache is off, or the blob is declared larger than it takes. */
    public static final CacheFill NONE = new CacheFill();

    private final Path file;
    private final FileChannel channel;
    private final long limit;
    private long written;
    private boolean abandoned;
    private boolean handedOver;

    private CacheFill() {
        this.file = null;
        this.channel = null;
        this.limit = 0;
        this.abandoned = true;
    }

    CacheFill(Path file, long limit) throws IOException {
        this.file = file;
        this.limit = limit;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /** Appends bytes the upload has just read and hashed. */
    public void write(byte[] bytes, int offset, int length) {
        if (abandoned) {
            return;
        }
        if (written + length > limit) {
            abandon();
            return;
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            written += length;
        } catch (IOException e) {
            LOG.warnf("A blob's local copy was given up (%s); its downloads stream from S3", e.toString());
            abandon();
        }
    }

    /** Whether every byte so far was kept: the copy can still be admitted. */
    boolean complete() {
        return !abandoned;
    }

    long written() {
        return written;
    }

    /** The finished copy, closed; after this the cache owns the file and close() leaves it. */
    Path handOver() throws IOException {
        channel.close();
        handedOver = true;
        return file;
    }

    private void abandon() {
        abandoned = true;
        closeQuietly();
    }

    /** Deletes the copy unless the cache took it. */
    @Override
    public void close() {
        if (file == null || handedOver) {
            return;
        }
        closeQuietly();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("Could not delete the unused copy %s: %s", file, e.toString());
        }
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing to keep from a copy being dropped
        }
    }
}
