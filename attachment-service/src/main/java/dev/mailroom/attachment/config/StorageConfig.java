package dev.mailroom.attachment.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where blobs are stored (prefix {@code attachments.storage}): any S3-compatible endpoint. */
@ConfigMapping(prefix = "attachments.storage")
public interface StorageConfig {

    /** The S3 endpoint, e.g. {@code http://minio:9000}. */
    String endpoint();

    /** S3 access key. */
    String accessKey();

    /** S3 secret key. */
    String secretKey();

    /** The bucket that holds every blob; created at start-up when missing. */
    @WithDefault("mailroom-attachments")
    String bucket();

    /** The S3 region the client signs for; S3-compatible servers accept the default. */
    @WithDefault("us-east-1")
    String region();

    /** How long a health probe waits for the storage to answer. */
    @WithDefault("3s")
    Duration probeTimeout();
}
