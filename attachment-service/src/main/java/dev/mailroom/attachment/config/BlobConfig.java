package dev.mailroom.attachment.config;

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

    /**
     * The part size of an upload sent to S3 in several parts (bytes; S3's minimum is 5 MiB); a body no larger than this
     * goes in one request. An upload of several parts holds two parts in memory (one read while the other is sent),
     * and two part-sized arrays are kept between uploads (PartArrays). S3's minimum is the default: in the 64 MiB heap
     * of the benchmark and of BoundedHeapIT the service's own data leaves about 15 MiB of the old generation, and two
     * kept 8 MiB parts filled it, turning every young collection into a full one (JFR).
     */
    @WithDefault("5242880")
    long partSize();

    /**
     * How old an object under the temporary prefix must be before the collector deletes it: an upload in progress
     * writes there, and a crash between its two steps leaves one behind. Longer than any upload may take.
     */
    @WithDefault("1h")
    Duration temporaryObjectMaxAge();

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
