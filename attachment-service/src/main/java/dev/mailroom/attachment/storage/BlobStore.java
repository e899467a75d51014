package dev.mailroom.attachment.storage;

import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.attachment.config.StorageConfig;
import io.minio.CopyObjectArgs;
import io.minio.CopySource;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;

/** Blob bytes in the S3 bucket, by object key. Every failure of the storage surfaces as one exception type. */
@ApplicationScoped
public class BlobStore {

    private final MinioClient client;
    private final StorageConfig config;
    private final ObjectWriter writer;

    public BlobStore(MinioClient client, StorageConfig config) {
        this.client = client;
        this.config = config;
        this.writer = new ObjectWriter(MinioAsyncClient.builder().endpoint(config.endpoint()).region(config.region())
                .credentials(config.accessKey(), config.secretKey()).build(), config.bucket(), config.region());
    }

    /**
     * Stores {@code length} bytes of {@code data}, whose hex SHA-256 the caller has computed, in one PUT sent from the
     * array as it is (no copy, no second hash: the request is signed with the given one).
     */
    public void put(String key, byte[] data, int length, String sha256Hex, String mimeType) {
        try {
            writer.put(key, data, length, sha256Hex, mimeType);
        } catch (Exception e) {
            throw new StorageUnavailableException("Could not store object " + key, e);
        }
    }

    /**
     * Starts one PUT of the {@code length} bytes {@code source} will give, sent as they are read; the object exists
     * only after {@link StreamedPut#finish()} (see StreamedPut). {@code sha256Hex} is the hash the bytes must have.
     */
    public StreamedPut startStreamed(String key, InputStream source, long length, String sha256Hex,
            String mimeType) {
        try {
            return writer.startStreamed(key, source, length, sha256Hex, mimeType);
        } catch (Exception e) {
            throw new StorageUnavailableException("Could not start a PUT of " + key, e);
        }
    }

    /** Starts a multipart upload to {@code key}; nothing appears there before {@link PartedUpload#complete()}. */
    public PartedUpload startParted(String key, String mimeType) {
        try {
            return new PartedUpload(writer, key, writer.create(key, mimeType));
        } catch (Exception e) {
            throw new StorageUnavailableException("Could not start a multipart upload of " + key, e);
        }
    }

    /**
     * Uploads a stream, read once: in one request when its known size fits in a part, else as a multipart upload
     * of {@code partSize} parts ({@code size} -1 when unknown). The part size is always given: left to the client,
     * a known size gets 5 MiB parts, so a 10 MB body would go in two. The client holds one part in memory at a time
     * (it signs each part's SHA-256), never the whole object; a failed multipart upload is aborted.
     */
    public void putStream(String key, InputStream content, long size, long partSize, String mimeType) {
        try {
            client.putObject(PutObjectArgs.builder().bucket(config.bucket()).object(key)
                    .stream(content, size, partSize)
                    .contentType(mimeType)
                    .build());
        } catch (Exception e) {
            throw new StorageUnavailableException("Could not store object " + key, e);
        }
    }

    /** Copies an object inside the storage (a server-side copy: no byte passes through this service). */
    public void copy(String from, String to) {
        try {
            client.copyObject(CopyObjectArgs.builder().bucket(config.bucket()).object(to)
                    .source(CopySource.builder().bucket(config.bucket()).object(from).build()).build());
        } catch (Exception e) {
            throw new StorageUnavailableException("Could not copy object " + from + " to " + to, e);
        }
    }

    /** Keys under {@code prefix} last written before {@code before}. */
    public List<String> keysOlderThan(String prefix, Instant before) {
        List<String> keys = new ArrayList<>();
        try {
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder().bucket(config.bucket())
                    .prefix(prefix).recursive(true).build())) {
                Item item = result.get();
                if (item.lastModified().toInstant().isBefore(before)) {
                    keys.add(item.objectName());
                }
            }
        } catch (Exception e) {
            throw new StorageUnavailableException("Could not list objects under " + prefix, e);
        }
        return keys;
    }

    /** Opens the object for reading; the caller closes the stream. */
    public InputStream open(String key) {
        try {
            return client.getObject(GetObjectArgs.builder().bucket(config.bucket()).object(key).build());
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

    @PreDestroy
    void close() throws Exception {
        writer.close();
    }
}
