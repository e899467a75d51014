package dev.mailroom.attachment.storage;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.attachment.config.StorageConfig;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;

/** Blob bytes in the S3 bucket, by object key. Every failure of the storage surfaces as one exception type. */
@ApplicationScoped
public class BlobStore {

    private final MinioClient client;
    private final StorageConfig config;

    public BlobStore(MinioClient client, StorageConfig config) {
        this.client = client;
        this.config = config;
    }

    /**
     * Uploads a file whose length is known. The client then picks the part size itself (5 MiB for any blob we
     * accept) and holds at most one part in memory, never the whole file.
     */
    public void putFile(String key, Path file, long size, String mimeType) {
        try (InputStream in = Files.newInputStream(file)) {
            client.putObject(PutObjectArgs.builder().bucket(config.bucket()).object(key)
                    .stream(in, size, -1)
                    .contentType(mimeType)
                    .build());
        } catch (Exception e) {
            throw new StorageUnavailableException("Could not store object " + key, e);
        }
    }

    /** Opens the object for reading; the caller closes the stream. */
    public InputStream open(String key) {
        try {
            return client.getObject(GetObjectArgs.builder().bucket(config.bucket()).object(key).build());
        } catch (Exception e) {
            throw new StorageUnavailableException("Could not read object " + key, e);
        }
    }

    /** Opens {@code length} bytes from {@code offset}; the caller closes the stream. */
    public InputStream open(String key, long offset, long length) {
        try {
            return client.getObject(GetObjectArgs.builder().bucket(config.bucket()).object(key).offset(offset)
                    .length(length).build());
        } catch (Exception e) {
            throw new StorageUnavailableException("Could not read object " + key, e);
        }
    }

    public void delete(String key) {
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(config.bucket()).object(key).build());
        } catch (Exception e) {
            throw new StorageUnavailableException("Could not delete object " + key, e);
        }
    }
}
