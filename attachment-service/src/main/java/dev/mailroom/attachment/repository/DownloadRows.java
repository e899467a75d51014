package dev.mailroom.attachment.repository;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.mailroom.attachment.config.DownloadConfig;

/**
 * The rows downloads read, kept in a bounded cache (Caffeine: at most {@code row-cache-size} rows, each for at most
 * {@code row-cache-lifetime}) so that a download of a blob read or stored recently needs neither a worker thread nor
 * a database round trip: the row's read was a third of a small download's fixed cost (JFR). A cached row is only
 * ever a hint that the blob exists: its bytes still come from S3, and S3's 404 (the blob was deleted since) answers
 * 404 and drops the row here, so a deleted blob is never served. This instance's collector drops the rows it deletes
 * and an upload replaces the row with the one it committed; another instance's deletion is seen through S3's 404.
 * What a cached row can miss: the same bytes deleted and uploaded again through another instance with another MIME
 * type are served with the old type until the row expires ({@code row-cache-lifetime}).
 * Absence is never cached: a blob uploaded a moment ago is found at once.
 */
@ApplicationScoped
public class DownloadRows {

    private final BlobRows rows;
    private final Cache<String, BlobHead> heads;

    public DownloadRows(BlobRows rows, DownloadConfig config) {
        this.rows = rows;
        this.heads = Caffeine.newBuilder().maximumSize(config.rowCacheSize())
                .expireAfterWrite(config.rowCacheLifetime()).build();
    }

    /** The cached row of {@code sha256} (a checked, lower-case hash), or null: never blocks. */
    public BlobHead cached(String sha256) {
        return heads.getIfPresent(sha256);
    }

    /** The row of {@code sha256} (a checked, lower-case hash) from the cache or else the database (blocking). */
    public Optional<BlobHead> find(String sha256) {
        BlobHead cached = heads.getIfPresent(sha256);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<BlobHead> found = rows.find(sha256).map(row -> new BlobHead(row.sha256, row.sizeBytes, row.mimeType));
        found.ifPresent(head -> heads.put(sha256, head));
        return found;
    }

    /**
     * The row of {@code sha256} read from the database whatever the cache holds (blocking), and the cache set to
     * what was read: for a download served from a local copy, where no S3 request would reveal a deletion.
     */
    public Optional<BlobHead> findFresh(String sha256) {
        Optional<BlobHead> found = rows.find(sha256).map(row -> new BlobHead(row.sha256, row.sizeBytes, row.mimeType));
        found.ifPresentOrElse(head -> heads.put(sha256, head), () -> heads.invalidate(sha256));
        return found;
    }

    /** Keeps the row of a blob just stored or found again by an upload, as committed. */
    public void remember(BlobHead head) {
        heads.put(head.sha256(), head);
    }

    /** Drops the row of {@code sha256}: its blob was deleted, or its row written anew. */
    public void forget(String sha256) {
        heads.invalidate(sha256);
    }

    /** How many rows are cached now, after pending evictions. */
    public long size() {
        heads.cleanUp();
        return heads.estimatedSize();
    }
}
