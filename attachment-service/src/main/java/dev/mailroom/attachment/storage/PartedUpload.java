package dev.mailroom.attachment.storage;

import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import io.minio.messages.Part;

/**
 * One multipart upload in progress: parts are sent one at a time from the caller's buffer, and the object appears
 * under its key only on {@link #complete()}; {@link #abort()} discards the parts. Every failure of the storage is a
 * {@link StorageUnavailableException}.
 */
public final class PartedUpload {

    private static final Logger LOG = Logger.getLogger(PartedUpload.class);

    private final ObjectWriter writer;
    private final String key;
    private final String uploadId;
    private final List<Part> parts = new ArrayList<>();
    private boolean completed;

    PartedUpload(ObjectWriter writer, String key, String uploadId) {
        this.writer = writer;
        this.key = key;
        this.uploadId = uploadId;
    }

    /** Sends the next part; {@code data} may be refilled once this returns. */
    public void add(byte[] data, int length) {
        try {
            parts.add(writer.upload(key, uploadId, parts.size() + 1, data, length));
        } catch (Exception e) {
            throw new StorageUnavailableException("Could not store part " + (parts.size() + 1) + " of " + key, e);
        }
    }

    /** Joins the parts: the object exists under its key when this returns. */
    public void complete() {
        try {
            writer.complete(key, uploadId, parts);
            completed = true;
        } catch (Exception e) {
            throw new StorageUnavailableException("Could not complete object " + key, e);
        }
    }

    /**
     * Discards the parts sent unless the upload was completed; true when it was completed. A failed abort is only
     * logged: the parts are invisible, and S3's expiry of stale multipart uploads removes them.
     */
    public boolean abortUnlessCompleted() {
        if (completed) {
            return true;
        }
        try {
            writer.abort(key, uploadId);
        } catch (Exception e) {
            LOG.warnf("Could not abort the multipart upload of %s: %s", key, e.toString());
        }
        return false;
    }
}
