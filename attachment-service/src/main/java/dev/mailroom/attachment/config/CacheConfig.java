package dev.mailroom.attachment.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The local copy of recent blobs (prefix {@code attachments.cache}; see BlobCache). A blob's bytes never change, so a
 * copy on this instance's disk named by their hash is always right; the cache only bounds how much disk it takes.
 */
@ConfigMapping(prefix = "attachments.cache")
public interface CacheConfig {

    /**
     * Most bytes the cache holds on disk (least recently used copies go first); 0 turns the cache off, and every
     * download then streams from S3. Budget it in the instance's ephemeral storage (Kubernetes: the emptyDir's
     * {@code sizeLimit}).
     */
    @WithDefault("1073741824")
    long maxSize();

    /**
     * The largest blob copied (bytes); a larger one is not cached, and its downloads stream from S3. The default is
     * the largest blob the service accepts (attachments.blobs.max-size's default).
     */
    @WithDefault("136314880")
    long maxBlobSize();

    /**
     * The directory of the copies, used by this instance alone (its files are deleted at start-up: the cache starts
     * empty). Unset: a new temporary directory per start, deleted at shutdown.
     */
    Optional<String> directory();
}
