package dev.mailroom.attachment.health;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.mailroom.attachment.config.StorageConfig;
import dev.mailroom.attachment.storage.BucketInitializer;

/** Readiness is DOWN while the S3 storage or its bucket cannot be reached: without it no attachment can be served. */
@Readiness
@ApplicationScoped
public class ObjectStorageHealthCheck implements HealthCheck {

    private final BucketInitializer buckets;
    private final StorageConfig config;

    public ObjectStorageHealthCheck(BucketInitializer buckets, StorageConfig config) {
        this.buckets = buckets;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("Object storage").withData("bucket", config.bucket());
        try {
            CompletableFuture.runAsync(() -> {
                try {
                    buckets.ensureBucket();
                } catch (Exception e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }).get(config.probeTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return response.up().build();
        } catch (Exception e) {
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
