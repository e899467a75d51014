package dev.mailroom.attachment.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How a whole-blob download is answered (prefix {@code attachments.downloads}). Proxying is the default: the bytes pass
 * through this service and the caller needs no route to S3. A deployment whose callers reach S3 may choose
 * {@code redirect}: the service checks the caller and the blob, then answers 307 to a short-lived presigned S3 URL and
 * the bytes flow from S3 to the caller directly (as GitLab's object storage does with {@code proxy_download} off).
 */
@ConfigMapping(prefix = "attachments.downloads")
public interface DownloadConfig {

    enum Mode {
        /** The bytes are streamed through the service (ObjectReader, ObjectStreamWriter). */
        PROXY,
        /** 307 to a presigned GET URL of the object; slices ({@code ?offset=&length=}) are still proxied. */
        REDIRECT
    }

    @WithDefault("proxy")
    Mode mode();

    /** How long a redirect's presigned URL stays valid: enough to follow the redirect, short enough to leak little. */
    @WithDefault("60s")
    Duration redirectLifetime();

    /**
     * The S3 endpoint as the callers reach it (e.g. {@code https://s3.example.com}), when it differs from
     * {@code attachments.storage.endpoint}: a presigned URL is signed for its host, so it must be signed for theirs.
     */
    Optional<String> redirectEndpoint();

    /**
     * How many blob rows downloads keep at most (DownloadRows; about 200 bytes each); 0 keeps none and reads the row
     * for every download.
     */
    @WithDefault("10000")
    long rowCacheSize();

    /**
     * How long a cached row is used before it is read again. A deleted blob is never served whatever this is (S3's
     * 404 answers 404); it bounds only how long another instance's deletion and a new upload of the same bytes with
     * another MIME type can go unseen here.
     */
    @WithDefault("5m")
    Duration rowCacheLifetime();
}
