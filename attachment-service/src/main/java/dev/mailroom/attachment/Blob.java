package dev.mailroom.attachment;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One distinct content: its bytes live in the bucket under a key derived from {@link #sha256}. */
@Entity
@Table(name = "blob")
public class Blob {

    /** The key prefix of uploads in progress (see {@link #temporaryKey}). */
    public static final String TEMPORARY_PREFIX = "uploads/";

    @Id
    @Column(name = "sha256", length = 64)
    public String sha256;

    @Column(name = "size_bytes", nullable = false)
    public long sizeBytes;

    @Column(name = "mime_type", nullable = false)
    public String mimeType;

    @Column(name = "reference_count", nullable = false)
    public int referenceCount;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "last_referenced_at", nullable = false)
    public Instant lastReferencedAt;

    /** The object key of a content: {@code sha256/ab/cd/<hex>}, so no bucket prefix grows unbounded. */
    public static String objectKey(String sha256) {
        return "sha256/" + sha256.substring(0, 2) + "/" + sha256.substring(2, 4) + "/" + sha256;
    }

    /** Where an upload in progress is written while its hash is computed; then copied to its content key. */
    public static String temporaryKey(java.util.UUID upload) {
        return TEMPORARY_PREFIX + upload;
    }
}
