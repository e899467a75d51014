package dev.mailroom.attachment.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.jboss.logging.Logger;

import io.minio.messages.Part;

/**
 * One multipart upload in progress, one part in flight at a time: {@link #add} starts sending a part and returns at
 * once, so the caller reads the next part into a second buffer while this one travels to S3 (the body's bytes and
 * S3's writes overlap instead of taking turns). The object appears under its key only on {@link #complete()};
 * {@link #abortUnlessCompleted()} discards the parts. Every failure of the storage is a
 * {@link StorageUnavailableException}.
 */
public final class PartedUpload {

    private static final Logger LOG = Logger.getLogger(PartedUpload.class);

    private final ObjectWriter writer;
    private final String key;
    private final String uploadId;
    private final List<Part> parts = new ArrayList<>();
    private CompletableFuture<Part> inFlight;
    private boolean completed;

    PartedUpload(ObjectWriter writer, String key, String uploadId) {
        this.writer = writer;
        this.key = key;
        this.uploadId = uploadId;
    }

    /**
     * Waits until the part sent before is stored, then starts sending this one. {@code data} must stay untouched
     * until the next call of {@code add}, {@link #complete()} or {@link #abortUnlessCompleted()} returns; the buffer
     * of the previous call is free again when this one returns.
     */
    public void add(byte[] data, int length) {
        awaitInFlight();
        int number = parts.size() + 1;
        try {
            inFlight = writer.upload(key, uploadId, number, data, length);
        } catch (Exception e) {
            throw new StorageUnavailableException("Could not store part " + number + " of " + key, e);
        }
    }

    /** Waits for the last part, then joins the parts: the object exists under its key when this returns. */
    public void complete() {
        awaitInFlight();
        try {
            writer.complete(key, uploadId, parts);
            completed = true;
        } catch (Exception e) {
            throw new StorageUnavailableException("Could not complete object " + key, e);
        }
    }

    /**
     * Discards the parts sent unless the upload was completed; true when it was completed. A part still in flight
     * is waited for first, so that none lands after the abort. A failed abort is only logged: the parts are
     * invisible, and S3's expiry of stale multipart uploads removes them.
     */
    public boolean abortUnlessCompleted() {
        if (completed) {
            return true;
        }
        try {
            awaitInFlight();
        } catch (StorageUnavailableException e) {
            LOG.debugf("The last part of %s failed before the abort: %s", key, e.getMessage());
        }
        try {
            writer.abort(key, uploadId);
        } catch (Exception e) {
            LOG.warnf("Could not abort the multipart upload of %s: %s", key, e.toString());
        }
        return false;
    }

    private void awaitInFlight() {
        if (inFlight == null) {
            return;
        }
        CompletableFuture<Part> sending = inFlight;
        inFlight = null;
        try {
            parts.add(ObjectWriter.join(sending));
        } catch (Exception e) {
            throw new StorageUnavailableException("Could not store part " + (parts.size() + 1) + " of " + key, e);
        }
    }
}
