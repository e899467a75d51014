package dev.mailroom.attachment.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.mailroom.attachment.config.StorageConfig;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.quarkus.runtime.StartupEvent;

/**
 * Creates the blob bucket at start-up when it is missing, so a fresh S3 server (the local stack's, a new MinIO)
 * needs no manual step. A storage that is down only delays this: readiness stays DOWN until the bucket answers.
 */
@ApplicationScoped
public class BucketInitializer {

    private static final Logger LOG = Logger.getLogger(BucketInitializer.class);

    private final MinioClient client;
    private final StorageConfig config;

    public BucketInitializer(MinioClient client, StorageConfig config) {
        this.client = client;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        try {
            ensureBucket();
        } catch (Exception e) {
            LOG.warnf("Bucket %s could not be checked at start-up: %s", config.bucket(), e.toString());
        }
    }

    public void ensureBucket() throws Exception {
        if (!client.bucketExists(BucketExistsArgs.builder().bucket(config.bucket()).build())) {
            client.makeBucket(MakeBucketArgs.builder().bucket(config.bucket()).build());
            LOG.infof("Created bucket %s", config.bucket());
        }
    }
}
