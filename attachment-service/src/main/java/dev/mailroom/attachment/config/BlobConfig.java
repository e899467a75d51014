package dev.mailroom.attachment.config;

import java.nio.file.Path;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the blob API and timing of the garbage collector (prefix {@code attachments.blobs}). */
@ConfigMapping(prefix = "attachments.blobs")
public interface BlobConfig {

    /**
     * The largest blob accepted, in bytes; a larger body is refused with 413. The default, 130 MiB, is
     * Dataverse's highest {@code maxuploadfilesize} (131,072,000 bytes) plus a margin.
     */
    @WithDefault("136314880")
    long maxSize();

    /** Where an upload is spooled while its SHA-256 is computed; one file per upload, deleted afterwards. */
    @WithDefault("${java.io.tmpdir}/mailroom-attachment-uploads")
    Path tempDir();

    /** How long a blob with no reference is kept before the collector deletes it. */
    @WithDefault("1h")
    Duration gcGracePeriod();

    /** How often the collector runs (read by its {@code @Scheduled}, which repeats this default). */
    @WithDefault("10m")
    Duration gcInterval();

    /** How many blobs the collector deletes per transaction. */
    @WithDefault("100")
    int gcBatchSize();
}
