package dev.mailroom.attachment.storage;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.attachment.config.DownloadConfig;
import dev.mailroom.attachment.config.StorageConfig;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioClient;
import io.minio.http.Method;

/**
 * The presigned GET URLs a download in redirect mode answers with (see DownloadConfig). The MinIO client signs them
 * locally (the region is configured, so no round trip to S3), for the endpoint the callers reach.
 */
@ApplicationScoped
public class DownloadRedirects {

    private final MinioClient signer;
    private final StorageConfig storage;
    private final int lifetimeSeconds;

    public DownloadRedirects(StorageConfig storage, DownloadConfig downloads) {
        this.storage = storage;
        // S3 takes an expiry in whole seconds, at least one.
        this.lifetimeSeconds = (int) Math.max(1, downloads.redirectLifetime().toSeconds());
        this.signer = MinioClient.builder().endpoint(downloads.redirectEndpoint().orElse(storage.endpoint()))
                .region(storage.region()).credentials(storage.accessKey(), storage.secretKey()).build();
    }

    /** A URL that reads the object at {@code key} for the configured lifetime, signed for the callers' endpoint. */
    public URI urlFor(String key) {
        try {
            return URI.create(signer.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Method.GET)
                    .bucket(storage.bucket()).object(key).expiry(lifetimeSeconds, TimeUnit.SECONDS).build()));
        } catch (Exception e) {
            throw new StorageUnavailableException("Could not sign a read of " + key, e);
        }
    }

    @PreDestroy
    void close() throws Exception {
        signer.close();
    }
}
