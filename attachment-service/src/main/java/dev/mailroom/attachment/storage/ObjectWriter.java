package dev.mailroom.attachment.storage;

import java.util.List;
import java.util.concurrent.CompletionException;

import com.google.common.collect.ImmutableMultimap;
import com.google.common.collect.Multimap;

import io.minio.MinioAsyncClient;
import io.minio.messages.Part;

/**
 * The MinIO client's S3 requests for writing from a buffer the caller owns: one PUT of a byte array, and the steps
 * of a multipart upload (create, one part at a time, complete or abort). {@code MinioClient.putObject} reads a
 * stream into buffers of its own and completes a multipart upload by itself; these let the service hash a body in
 * its own buffer first, send that buffer as it is, and decide only after the last part whether the object may
 * appear at all (see BlobService). Built on MinioAsyncClient's protected request methods, as MinioClient is.
 */
final class ObjectWriter extends MinioAsyncClient {

    private static final Multimap<String, String> NONE = ImmutableMultimap.of();

    private final String bucket;
    private final String region;

    ObjectWriter(MinioAsyncClient client, String bucket, String region) {
        super(client);
        this.bucket = bucket;
        this.region = region;
    }

    /** One PUT of {@code length} bytes of {@code data}; the object exists when this returns. */
    void put(String key, byte[] data, int length, String mimeType) throws Exception {
        join(putObjectAsync(bucket, region, key, data, length, ImmutableMultimap.of("Content-Type", mimeType),
                NONE));
    }

    /** Starts a multipart upload; nothing is visible under {@code key} until {@link #complete}. */
    String create(String key, String mimeType) throws Exception {
        return join(createMultipartUploadAsync(bucket, region, key, ImmutableMultimap.of("Content-Type", mimeType),
                NONE)).result().uploadId();
    }

    /** Sends one part and waits for it, so the caller may refill {@code data} afterwards. */
    Part upload(String key, String uploadId, int number, byte[] data, int length) throws Exception {
        return new Part(number, join(uploadPartAsync(bucket, region, key, data, length, uploadId, number, NONE,
                NONE)).etag());
    }

    void complete(String key, String uploadId, List<Part> parts) throws Exception {
        join(completeMultipartUploadAsync(bucket, region, key, uploadId, parts.toArray(new Part[0]), NONE, NONE));
    }

    void abort(String key, String uploadId) throws Exception {
        join(abortMultipartUploadAsync(bucket, region, key, uploadId, NONE, NONE));
    }

    private static <T> T join(java.util.concurrent.CompletableFuture<T> future) throws Exception {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
