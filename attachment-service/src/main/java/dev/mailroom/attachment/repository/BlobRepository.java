package dev.mailroom.attachment.repository;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.attachment.Blob;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/**
 * Blob metadata. The writes are single SQL statements so that PostgreSQL's row locks, not the application,
 * decide between concurrent uploads, reference changes and the collector.
 */
@ApplicationScoped
public class BlobRepository implements PanacheRepositoryBase<Blob, String> {

    /** What {@link #insertOrTouch} found: whether the row is new, and the metadata it holds. */
    public record Registration(boolean inserted, long sizeBytes, String mimeType) {
    }

    public Optional<Blob> findBlobBySha256(String sha256) {
        return findByIdOptional(sha256);
    }

    /**
     * Inserts the row, or when it exists moves its {@code last_referenced_at} so the collector leaves it alone.
     * A concurrent insert of the same hash waits here on the unique index until the first transaction ends.
     */
    public Registration insertOrTouch(String sha256, long sizeBytes, String mimeType) {
        Object[] row = (Object[]) getEntityManager().createNativeQuery("""
                INSERT INTO blob (sha256, size_bytes, mime_type, reference_count, created_at, last_referenced_at)
                VALUES (:sha256, :size, :mimeType, 0, now(), now())
                ON CONFLICT (sha256) DO UPDATE SET last_referenced_at = now()
                RETURNING (xmax = 0), size_bytes, mime_type""")
                .setParameter("sha256", sha256)
                .setParameter("size", sizeBytes)
                .setParameter("mimeType", mimeType)
                .getSingleResult();
        return new Registration((Boolean) row[0], ((Number) row[1]).longValue(), (String) row[2]);
    }

    /** Adds {@code delta} to the count, never below 0; empty when the blob is unknown. */
    public Optional<Integer> changeReferenceCount(String sha256, int delta) {
        List<?> counts = getEntityManager().createNativeQuery("""
                UPDATE blob SET reference_count = GREATEST(reference_count + :delta, 0), last_referenced_at = now()
                WHERE sha256 = :sha256
                RETURNING reference_count""")
                .setParameter("delta", delta)
                .setParameter("sha256", sha256)
                .getResultList();
        return counts.stream().findFirst().map(count -> ((Number) count).intValue());
    }

    /**
     * Deletes up to {@code limit} rows unreferenced for longer than {@code grace} and returns their hashes. The
     * rows stay locked until the caller's transaction ends; rows another transaction holds are skipped.
     */
    @SuppressWarnings("unchecked")
    public List<String> deleteCollectable(Duration grace, int limit) {
        List<Object> hashes = getEntityManager().createNativeQuery("""
                DELETE FROM blob WHERE sha256 IN (
                    SELECT sha256 FROM blob
                    WHERE reference_count = 0
                      AND last_referenced_at <= now() - make_interval(secs => :graceSeconds)
                    ORDER BY last_referenced_at
                    LIMIT :limit
                    FOR UPDATE SKIP LOCKED)
                RETURNING sha256""")
                .setParameter("graceSeconds", (double) grace.toMillis() / 1000)
                .setParameter("limit", limit)
                .getResultList();
        return hashes.stream().map(hash -> hash.toString().trim()).toList();
    }
}
