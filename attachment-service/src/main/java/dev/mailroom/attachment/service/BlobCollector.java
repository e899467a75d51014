package dev.mailroom.attachment.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.mailroom.attachment.Blob;
import dev.mailroom.attachment.cache.BlobCache;
import dev.mailroom.attachment.config.BlobConfig;
import dev.mailroom.attachment.repository.BlobRepository;
import dev.mailroom.attachment.repository.DownloadRows;
import dev.mailroom.attachment.storage.BlobStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Deletes blobs that nothing has referenced or uploaded for longer than the grace period.
 *
 * <p>Why a concurrent upload of the same bytes is safe: a batch deletes its rows and then their objects inside
 * one transaction, so the deleted rows stay locked until the objects are gone. An upload that arrives meanwhile
 * waits on that lock in its {@code INSERT ... ON CONFLICT}; once the collector commits, the upload inserts a new
 * row and stores the object again, after the collector's delete. An upload that touched the row first has moved
 * {@code last_referenced_at}, so the row no longer qualifies (or is skipped while locked). If S3 refuses a
 * delete, the transaction rolls back and the row survives, with its object.
 */
@ApplicationScoped
public class BlobCollector {

    private static final Logger LOG = Logger.getLogger(BlobCollector.class);

    private final BlobRepository repository;
    private final BlobStore store;
    private final BlobConfig config;
    private final DownloadRows downloadRows;
    private final BlobCache cache;

    public BlobCollector(BlobRepository repository, BlobStore store, BlobConfig config, DownloadRows downloadRows,
            BlobCache cache) {
        this.repository = repository;
        this.cache = cache;
        this.downloadRows = downloadRows;
        this.store = store;
        this.config = config;
    }

    @Scheduled(every = "${attachments.blobs.gc-interval:10m}", delayed = "${attachments.blobs.gc-interval:10m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void collectOnSchedule() {
        try {
            collectGarbage();
            sweepTemporaryObjects(config.temporaryObjectMaxAge());
        } catch (RuntimeException e) {
            LOG.warnf("Blob collection stopped, retried at the next run: %s", e.toString());
        }
    }

    /** Collects every collectable blob, batch by batch; returns how many were deleted. */
    public int collectGarbage() {
        int deleted = 0;
        int batch;
        do {
            batch = QuarkusTransaction.requiringNew().call(this::collectBatch);
            deleted += batch;
        } while (batch == config.gcBatchSize());
        if (deleted > 0) {
            LOG.infof("Collected %d unreferenced blobs", deleted);
        }
        return deleted;
    }

    private int collectBatch() {
        List<String> hashes = repository.deleteCollectable(config.gcGracePeriod(), config.gcBatchSize());
        hashes.forEach(hash -> store.delete(Blob.objectKey(hash)));
        // Dropped while the rows are still locked; a download that reads a row meanwhile and caches it finds no
        // object in S3 and answers 404 (DownloadRows).
        hashes.forEach(downloadRows::forget);
        hashes.forEach(cache::evict);
        return hashes.size();
    }

    /**
     * Deletes the temporary objects of uploads that never finished (the service stopped between the upload and its
     * copy to the content key) once they are older than {@code maxAge}; returns how many.
     */
    public int sweepTemporaryObjects(Duration maxAge) {
        List<String> leftovers = store.keysOlderThan(Blob.TEMPORARY_PREFIX, Instant.now().minus(maxAge));
        leftovers.forEach(store::delete);
        if (!leftovers.isEmpty()) {
            LOG.infof("Deleted %d temporary objects of unfinished uploads", leftovers.size());
        }
        return leftovers.size();
    }
}
