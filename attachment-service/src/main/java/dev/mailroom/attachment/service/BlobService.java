package dev.mailroom.attachment.service;

import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.mailroom.attachment.Blob;
import dev.mailroom.attachment.repository.BlobRepository;
import dev.mailroom.attachment.storage.BlobStore;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** Stores, finds and counts references to content-addressed blobs. */
@ApplicationScoped
public class BlobService {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final String DEFAULT_MIME_TYPE = "application/octet-stream";
    // The width of blob.mime_type; refused before the body is read rather than failing the insert after.
    private static final int MAX_MIME_TYPE_LENGTH = 255;

    private final UploadSpooler spooler;
    private final BlobRepository repository;
    private final BlobStore store;

    public BlobService(UploadSpooler spooler, BlobRepository repository, BlobStore store) {
        this.spooler = spooler;
        this.repository = repository;
        this.store = store;
    }

    /**
     * Stores the body unless the same bytes are already stored. The body is spooled before any transaction
     * starts, so a slow client holds no database connection.
     */
    public StoredBlob upload(InputStream body, String mimeType) {
        String type = mimeType == null || mimeType.isBlank() ? DEFAULT_MIME_TYPE : mimeType.strip();
        if (type.length() > MAX_MIME_TYPE_LENGTH) {
            throw new InvalidBlobException("The MIME type is longer than " + MAX_MIME_TYPE_LENGTH + " characters");
        }
        try (SpooledUpload upload = spooler.spool(body)) {
            return QuarkusTransaction.requiringNew().call(() -> register(upload, type));
        }
    }

    /*
     * The row is written first but committed only after the object is stored: if S3 fails, the transaction rolls
     * back and no row is left. Until the commit the row lock makes a concurrent upload of the same bytes wait, and
     * the collector skip the row; a committed row therefore always has its object.
     */
    private StoredBlob register(SpooledUpload upload, String mimeType) {
        var registration = repository.insertOrTouch(upload.sha256(), upload.size(), mimeType);
        if (registration.inserted()) {
            store.putFile(Blob.objectKey(upload.sha256()), upload.file(), upload.size(), mimeType);
        }
        return new StoredBlob(upload.sha256(), registration.sizeBytes(), registration.mimeType(),
                registration.inserted());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Blob> findBlob(String sha256) {
        return repository.findBlobBySha256(checkedHash(sha256));
    }

    /** Opens a blob's bytes; the caller closes the stream. */
    public InputStream openContent(Blob blob) {
        return store.open(Blob.objectKey(blob.sha256));
    }

    /** Opens part of a blob's bytes; the caller closes the stream. */
    public InputStream openRange(Blob blob, long offset, long length) {
        return store.open(Blob.objectKey(blob.sha256), offset, length);
    }

    /**
     * Stores the concatenation of stored blobs, each opened from S3 only when the previous one is used up; the
     * result goes through the same spool, hash and register path as an upload.
     */
    public StoredBlob compose(List<String> parts, String mimeType) {
        if (parts == null || parts.isEmpty()) {
            throw new InvalidBlobException("A composed blob needs at least one part");
        }
        List<Blob> blobs = new java.util.ArrayList<>();
        for (String part : parts) {
            blobs.add(findBlob(part).orElseThrow(() -> new InvalidBlobException("No blob " + part + " to compose")));
        }
        java.util.Iterator<Blob> next = blobs.iterator();
        InputStream joined = new java.io.SequenceInputStream(new java.util.Enumeration<InputStream>() {
            @Override
            public boolean hasMoreElements() {
                return next.hasNext();
            }

            @Override
            public InputStream nextElement() {
                return openContent(next.next());
            }
        });
        try (joined) {
            return upload(joined, mimeType);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Adds one reference; empty when the blob is unknown. */
    @Transactional
    public Optional<Integer> addReference(String sha256) {
        return repository.changeReferenceCount(checkedHash(sha256), 1);
    }

    /** Removes one reference, never going below 0; empty when the blob is unknown. */
    @Transactional
    public Optional<Integer> removeReference(String sha256) {
        return repository.changeReferenceCount(checkedHash(sha256), -1);
    }

    /** A hash in the canonical form (64 lowercase hex digits); anything else is refused. */
    static String checkedHash(String sha256) {
        String hash = sha256 == null ? "" : sha256.toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(hash).matches()) {
            throw new InvalidBlobException("A blob is named by the 64 hex digits of its SHA-256");
        }
        return hash;
    }
}
