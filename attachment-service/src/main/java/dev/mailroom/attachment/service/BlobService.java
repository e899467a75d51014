package dev.mailroom.attachment.service;

import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.mailroom.attachment.Blob;
import dev.mailroom.attachment.cache.BlobCache;
import dev.mailroom.attachment.cache.CacheFill;
import dev.mailroom.attachment.config.BlobConfig;
import dev.mailroom.attachment.repository.BlobRepository;
import dev.mailroom.attachment.repository.BlobHead;
import dev.mailroom.attachment.repository.DownloadRows;
import dev.mailroom.attachment.storage.BlobStore;
import dev.mailroom.attachment.storage.PartedUpload;
import dev.mailroom.attachment.storage.StorageUnavailableException;
import dev.mailroom.attachment.storage.StreamedPut;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** Stores, finds and counts references to content-addressed blobs. */
@ApplicationScoped
public class BlobService {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final String DEFAULT_MIME_TYPE = "application/octet-stream";
    // The width of blob.mime_type; refused before the body is read rather than failing the insert after.
    private static final int MAX_MIME_TYPE_LENGTH = 255;

    private static final String EMPTY = "The body is empty: a blob has at least one byte";
    private static final Logger LOG = Logger.getLogger(BlobService.class);

    private final BlobConfig config;
    private final BlobRepository repository;
    private final BlobStore store;
    private final PartArrays partArrays;
    private final DownloadRows rows;
    private final BlobCache cache;

    public BlobService(BlobConfig config, BlobRepository repository, BlobStore store, PartArrays partArrays,
            DownloadRows rows, BlobCache cache) {
        this.config = config;
        this.cache = cache;
        this.repository = repository;
        this.rows = rows;
        this.store = store;
        this.partArrays = partArrays;
    }

    /** {@link #upload(InputStream, String, long, String)} without a declared hash. */
    public StoredBlob upload(InputStream body, String mimeType, long declaredLength) {
        return upload(body, mimeType, declaredLength, null);
    }

    /**
     * Stores the body unless the same bytes are already stored. {@code declaredLength} is the body's
     * Content-Length, -1 when it has none (chunked); a declared length over the limit is refused before a byte is
     * read. {@code declaredSha256} (hex, or null) is the hash the client declares (Repr-Digest); a body that does not
     * match it is refused and nothing of it is kept.
     *
     * <p>The body is read a part at a time while it is hashed. A body that fits in one part (every attachment of
     * ordinary size) is whole in memory with its hash known before S3 is asked anything: then, in one transaction,
     * the row is registered and, only when the bytes are new, they are PUT once under their content key (signed with
     * that hash, not hashed again); the same bytes again cost no S3 request at all. A larger body goes to S3 as a
     * multipart upload, part by part as it is read, the next part read while the one before is sent: under its
     * content key when the client declared the hash (completed only once the hash is verified and the row is new,
     * else aborted, so no wrong or second copy ever appears), else under a temporary key that S3 then copies to the
     * content key (the hash is known only at the end). No transaction is open while the client sends, so a slow
     * client holds no database connection.
     */
    public StoredBlob upload(InputStream body, String mimeType, long declaredLength, String declaredSha256) {
        String type = mimeType == null || mimeType.isBlank() ? DEFAULT_MIME_TYPE : mimeType.strip();
        if (type.length() > MAX_MIME_TYPE_LENGTH) {
            throw new InvalidBlobException("The MIME type is longer than " + MAX_MIME_TYPE_LENGTH + " characters");
        }
        if (declaredLength > config.maxSize()) {
            throw new BlobTooLargeException(config.maxSize());
        }
        if (declaredLength == 0) {
            throw new InvalidBlobException(EMPTY);
        }
        try (CacheFill copy = cache.startFill(declaredLength)) {
            StoredBlob blob = stored(new HashingBody(body, config.maxSize(), copy), declaredLength, declaredSha256,
                    type);
            // Committed: the copy holds the bytes the hash names (BlobCache); the same bytes found stored already are
            // just as right.
            cache.admit(copy, blob.sha256(), blob.size());
            return blob;
        }
    }

    private StoredBlob stored(HashingBody hashed, long declaredLength, String declaredSha256, String type) {
        if (declaredSha256 != null && declaredLength > 0 && declaredLength <= partArrays.partSize()
                && rows.find(declaredSha256).isEmpty()) {
            return uploadStreamed(hashed, declaredLength, declaredSha256, type);
        }
        PartBuffer part = new PartBuffer(declaredLength, partArrays);
        try {
            if (!readPart(part, hashed)) {
                throw new InvalidBlobException(EMPTY);
            }
            if (part.ended()) {
                String sha256 = verified(hashed, declaredSha256);
                return registerWhole(sha256, part, type);
            }
            return declaredSha256 == null ? uploadUnhashed(hashed, part, type) : uploadHashed(hashed, part, type,
                    declaredSha256);
        } finally {
            // Every request that read the arrays has ended: the PUT returned, or the multipart upload was completed
            // or aborted after its last part (PartedUpload waits for a part in flight).
            part.release();
        }
    }

    /**
     * A body of one part, new bytes, its hash declared and its length known: the PUT to the content key starts at
     * once and the body goes through to S3 as it arrives (receiving and storing overlap instead of taking turns), its
     * last buffer held back until the hash of everything read is the declared one. Then, in one transaction, the row
     * is registered and, only when it is new, the last buffer sent and the object awaited before the commit, exactly
     * the order of {@link #registerWhole}: a concurrent upload of the same bytes that registered first makes this one
     * cut its PUT short, and an S3 server stores nothing of a PUT cut short, so there is never a second copy, a wrong
     * object, or a row without its object. A mismatch, a client gone mid-body or S3 failing cut it short too.
     */
    private StoredBlob uploadStreamed(HashingBody hashed, long length, String declaredSha256, String mimeType) {
        StreamedPut put = store.startStreamed(Blob.objectKey(declaredSha256), hashed, length, declaredSha256,
                mimeType);
        try {
            try {
                put.awaitLastBuffer();
            } catch (StorageUnavailableException e) {
                if (put.sourceFailed()) {
                    throw new InvalidBlobException("The body could not be read to its end");
                }
                throw e;
            }
            return registered(verified(hashed, declaredSha256), length, mimeType, put::finish);
        } finally {
            put.abortUnlessFinished();
        }
    }

    /** A body of one part: the row first, then (only if new) one PUT; the commit waits for the object. */
    private StoredBlob registerWhole(String sha256, PartBuffer part, String mimeType) {
        return registered(sha256, part.length(), mimeType,
                () -> store.put(Blob.objectKey(sha256), part.data(), part.length(), sha256, mimeType));
    }

    /*
     * The row is written first but committed only after the object is in place: if S3 fails, the transaction rolls
     * back and no row is left. Until the commit the row lock makes a concurrent upload of the same bytes wait, and
     * the collector skip the row; a committed row therefore always has its object.
     */
    private StoredBlob registered(String sha256, long size, String mimeType, Runnable writeObjectIfNew) {
        StoredBlob blob = QuarkusTransaction.requiringNew().call(() -> {
            var registration = repository.insertOrTouch(sha256, size, mimeType);
            if (registration.inserted()) {
                writeObjectIfNew.run();
            }
            return new StoredBlob(sha256, registration.sizeBytes(), registration.mimeType(), registration.inserted());
        });
        // The row as committed now (new, or the one these bytes already had): the download that usually follows
        // an upload needs no database read, and a row cached before a deletion is replaced.
        rows.remember(new BlobHead(sha256, blob.size(), blob.mimeType()));
        return blob;
    }

    /** A larger body whose hash the client declared: parts straight to the content key, completed if new. */
    private StoredBlob uploadHashed(HashingBody hashed, PartBuffer part, String mimeType, String declaredSha256) {
        PartedUpload upload = store.startParted(Blob.objectKey(declaredSha256), mimeType);
        try {
            sendParts(upload, hashed, part);
            return registered(verified(hashed, declaredSha256), hashed.size(), mimeType, upload::complete);
        } finally {
            upload.abortUnlessCompleted();
        }
    }

    /** A larger body of unknown hash: parts under a temporary key, then S3 copies it to the content key if new. */
    private StoredBlob uploadUnhashed(HashingBody hashed, PartBuffer part, String mimeType) {
        String temporaryKey = Blob.temporaryKey(UUID.randomUUID());
        PartedUpload upload = store.startParted(temporaryKey, mimeType);
        try {
            sendParts(upload, hashed, part);
            upload.complete();
            String sha256 = hashed.sha256Hex();
            long size = hashed.size();
            return registered(sha256, size, mimeType, () -> store.copy(temporaryKey, Blob.objectKey(sha256)));
        } finally {
            if (upload.abortUnlessCompleted()) {
                deleteQuietly(temporaryKey);
            }
        }
    }

    private void sendParts(PartedUpload upload, HashingBody hashed, PartBuffer part) {
        do {
            upload.add(part.data(), part.length());
        } while (readPart(part, hashed));
    }

    /** Reads the next part; a client whose connection fails mid-body gets a 400 (if it still listens). */
    private static boolean readPart(PartBuffer part, HashingBody hashed) {
        try {
            return part.next(hashed);
        } catch (java.io.IOException e) {
            throw new InvalidBlobException("The body could not be read to its end");
        }
    }

    private static String verified(HashingBody hashed, String declaredSha256) {
        String sha256 = hashed.sha256Hex();
        if (declaredSha256 != null && !declaredSha256.equals(sha256)) {
            throw new InvalidBlobException("The body's SHA-256 is " + sha256 + ", not the " + declaredSha256
                    + " its Repr-Digest declares; nothing was stored");
        }
        return sha256;
    }

    private void deleteQuietly(String temporaryKey) {
        try {
            store.delete(temporaryKey);
        } catch (StorageUnavailableException e) {
            LOG.warnf("Temporary object %s left for the collector's sweep: %s", temporaryKey, e.getMessage());
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Blob> findBlob(String sha256) {
        return repository.findBlobBySha256(checkedHash(sha256));
    }

    /**
     * {@link #findBlob} for a caller outside any transaction or request scope (a download's lookup on a Vert.x
     * worker): from the cache of download rows, else one JDBC statement on a pooled connection, no transaction or
     * session around it (see DownloadRows, BlobRows).
     */
    public Optional<BlobHead> lookUp(String sha256) {
        return rows.find(checkedHash(sha256));
    }

    /** Opens a blob's bytes; the caller closes the stream. */
    public InputStream openContent(Blob blob) {
        return store.open(Blob.objectKey(blob.sha256));
    }

    /**
     * Stores the concatenation of stored blobs, each opened from S3 only when the previous one is used up; the
     * result goes through the same stream, hash and register path as an upload.
     */
    public StoredBlob compose(List<String> parts, String mimeType) {
        if (parts == null || parts.isEmpty()) {
            throw new InvalidBlobException("A composed blob needs at least one part");
        }
        List<Blob> blobs = new java.util.ArrayList<>();
        for (String part : parts) {
            blobs.add(findBlob(part).orElseThrow(() -> new InvalidBlobException("No blob " + part + " to compose")));
        }
        long total = blobs.stream().mapToLong(blob -> blob.sizeBytes).sum();
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
            return upload(joined, mimeType, total);
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
    public static String checkedHash(String sha256) {
        String hash = sha256 == null ? "" : sha256.toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(hash).matches()) {
            throw new InvalidBlobException("A blob is named by the 64 hex digits of its SHA-256");
        }
        return hash;
    }
}
