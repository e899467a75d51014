package dev.mailroom.attachment.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import dev.mailroom.attachment.config.StorageConfig;
import io.minio.MinioClient;

/** The one MinIO client of the service, closed on shutdown (its OkHttp threads would keep a JVM alive). */
@ApplicationScoped
public class ObjectStorageClient {

    @Produces
    @ApplicationScoped
    MinioClient minioClient(StorageConfig config) {
        return MinioClient.builder()
                .endpoint(config.endpoint())
                .region(config.region())
                .credentials(config.accessKey(), config.secretKey())
                .build();
    }

    void close(@Disposes MinioClient client) throws Exception {
        client.close();
    }
}
