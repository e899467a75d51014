package dev.mailroom.attachment.storage;

import java.io.InputStream;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.google.common.collect.ImmutableMultimap;
import com.google.common.collect.Multimap;

import io.minio.MinioAsyncClient;
import io.minio.Time;
import io.minio.credentials.Credentials;
import io.minio.http.Method;
import io.minio.messages.Part;
import io.minio.Signer;
import okhttp3.Dispatcher;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The MinIO client's S3 requests for writing from a buffer the caller owns: one PUT of a byte array, and the steps
 * of a multipart upload (create, parts, complete or abort). {@code MinioClient.putObject} reads a stream into buffers
 * of its own and completes a multipart upload by itself; these let the service hash a body in its own buffer first,
 * send that buffer as it is, and decide only after the last part whether the object may appear at all (see
 * BlobService). Built on MinioAsyncClient's protected request methods, as MinioClient is.
 *
 * <p>The payload's hash is the caller's to give. Over plain HTTP the MinIO client hashes every byte array it sends
 * twice before signing (SHA-256 for the signature, MD5 for Content-MD5), on top of the service's own SHA-256 of the
 * same bytes: three passes where one is needed. A PUT of a whole blob is signed with the SHA-256 the service already
 * computed (its content key: S3 still checks the bytes against it); a part of a multipart upload, whose hash the
 * service does not compute, is signed {@code UNSIGNED-PAYLOAD}, as the MinIO client itself does over HTTPS, and the
 * whole object is verified by the service's own hash before the upload is completed.
 */
final class ObjectWriter extends MinioAsyncClient {

    /** SigV4's header for the payload's hash, also the value a caller passes to {@link #createRequest}. */
    static final String PAYLOAD_HASH = "x-amz-content-sha256";
    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

    private static final Multimap<String, String> NONE = ImmutableMultimap.of();

    // A streamed PUT holds its request for as long as the client takes to send the body: OkHttp's default of five
    // requests at once per host would let five slow clients queue every other write behind them.
    private static final int MAX_STREAMED_PUTS = 1024;

    private final String bucket;
    private final String region;
    private final OkHttpClient streaming;

    ObjectWriter(MinioAsyncClient client, String bucket, String region) {
        super(client);
        this.bucket = bucket;
        this.region = region;
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(MAX_STREAMED_PUTS);
        dispatcher.setMaxRequestsPerHost(MAX_STREAMED_PUTS);
        this.streaming = httpClient.newBuilder().dispatcher(dispatcher).socketFactory(new NoDelaySockets()).build();
    }

    /**
     * Sockets without Nagle's algorithm for streamed PUTs: their last buffer is written after a pause (the hash
     * check and the row), and Nagle would hold that small write until S3 acknowledged the data before it, which a
     * server delaying its ACKs does only after tens of milliseconds: a 1 MB upload took 30 ms longer. OkHttp keeps
     * connections of different socket factories apart, so the MinIO client's own requests are not affected.
     */
    private static final class NoDelaySockets extends javax.net.SocketFactory {

        @Override
        public java.net.Socket createSocket() throws java.io.IOException {
            java.net.Socket socket = new java.net.Socket();
            socket.setTcpNoDelay(true);
            return socket;
        }

        @Override
        public java.net.Socket createSocket(String host, int port) throws java.io.IOException {
            throw new UnsupportedOperationException("OkHttp connects the unconnected socket itself");
        }

        @Override
        public java.net.Socket createSocket(String host, int port, java.net.InetAddress local, int localPort) {
            throw new UnsupportedOperationException("OkHttp connects the unconnected socket itself");
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress host, int port) {
            throw new UnsupportedOperationException("OkHttp connects the unconnected socket itself");
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress address, int port, java.net.InetAddress local,
                int localPort) {
            throw new UnsupportedOperationException("OkHttp connects the unconnected socket itself");
        }
    }

    /**
     * Starts one PUT of {@code length} bytes read from {@code source} as they come, signed with {@code sha256Hex}
     * (the hash the client declared: S3 also refuses bytes that do not match it); the last buffer waits for
     * {@link StreamedPut#finish()}. The request is built and signed here rather than by the MinIO client's
     * executor, so that the service holds the OkHttp call and can cut it short (see StreamedPut).
     */
    StreamedPut startStreamed(String key, InputStream source, long length, String sha256Hex, String mimeType)
            throws Exception {
        StreamedPut put = new StreamedPut(source, length);
        HttpUrl url = buildUrl(Method.PUT, bucket, key, region, NONE);
        Credentials credentials = provider == null ? null : provider.fetch();
        Headers headers = new Headers.Builder().add("Content-Type", mimeType).add(PAYLOAD_HASH, sha256Hex).build();
        Request request = createRequest(url, Method.PUT, headers, put.body(mimeType), (int) length, credentials);
        if (credentials != null) {
            request = Signer.signV4S3(request, region, credentials.accessKey(), credentials.secretKey(), sha256Hex);
        }
        put.start(streaming.newCall(request));
        return put;
    }

    /**
     * One PUT of {@code length} bytes of {@code data}, whose hex SHA-256 is {@code sha256Hex}; the object exists when
     * this returns. S3 refuses the request if the bytes do not match the hash.
     */
    void put(String key, byte[] data, int length, String sha256Hex, String mimeType) throws Exception {
        join(putObjectAsync(bucket, region, key, data, length,
                ImmutableMultimap.of("Content-Type", mimeType, PAYLOAD_HASH, sha256Hex), NONE));
    }

    /** Starts a multipart upload; nothing is visible under {@code key} until {@link #complete}. */
    String create(String key, String mimeType) throws Exception {
        return join(createMultipartUploadAsync(bucket, region, key, ImmutableMultimap.of("Content-Type", mimeType),
                NONE)).result().uploadId();
    }

    /**
     * Starts sending one part; the caller must not refill {@code data} before the future completes. The part's
     * payload is not hashed (see the class comment).
     */
    CompletableFuture<Part> upload(String key, String uploadId, int number, byte[] data, int length)
            throws Exception {
        return uploadPartAsync(bucket, region, key, data, length, uploadId, number,
                ImmutableMultimap.of(PAYLOAD_HASH, UNSIGNED_PAYLOAD), NONE)
                .thenApply(response -> new Part(number, response.etag()));
    }

    void complete(String key, String uploadId, List<Part> parts) throws Exception {
        join(completeMultipartUploadAsync(bucket, region, key, uploadId, parts.toArray(new Part[0]), NONE, NONE));
    }

    void abort(String key, String uploadId) throws Exception {
        join(abortMultipartUploadAsync(bucket, region, key, uploadId, NONE, NONE));
    }

    /**
     * A byte-array request whose headers carry the payload's hash (given by {@link #put} and {@link #upload}) is built
     * without the MinIO client's own hashing: its body goes as it is, the given hash and the date are set, and the
     * client signs the request as usual. Every other request is built by the MinIO client.
     */
    @Override
    protected Request createRequest(HttpUrl url, Method method, Headers headers, Object body, int length,
            Credentials credentials) throws io.minio.errors.InsufficientDataException,
            io.minio.errors.InternalException, java.io.IOException, java.security.NoSuchAlgorithmException {
        String payloadHash = headers == null ? null : headers.get(PAYLOAD_HASH);
        if (payloadHash == null || credentials == null
                || !(body instanceof byte[] || body instanceof RequestBody)) {
            return super.createRequest(url, method, headers, body, length, credentials);
        }
        String contentType = headers.get("Content-Type");
        RequestBody payload = body instanceof RequestBody given ? given
                : RequestBody.create((byte[]) body, contentType == null ? null : MediaType.parse(contentType), 0,
                        length);
        // Given an OkHttp body, the MinIO client sets only the common headers (Host, User-Agent, ...): no hashing.
        Request.Builder request = super.createRequest(url, method, headers, payload, length, credentials).newBuilder()
                .header(PAYLOAD_HASH, payloadHash)
                .header("x-amz-date", ZonedDateTime.now().format(Time.AMZ_DATE_FORMAT));
        if (credentials.sessionToken() != null) {
            request.header("X-Amz-Security-Token", credentials.sessionToken());
        }
        return request.build();
    }

    @Override
    public void close() throws Exception {
        try {
            super.close();
        } finally {
            streaming.dispatcher().executorService().shutdown();
        }
    }

    static <T> T join(CompletableFuture<T> future) throws Exception {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
