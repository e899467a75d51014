package dev.mailroom.attachment.storage;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.mailroom.attachment.config.StorageConfig;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioClient;
import io.minio.http.Method;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.tracing.TracingPolicy;

/**
 * Reads objects for downloads without a blocking thread: the MinIO client signs a short-lived GET URL (computed
 * locally, no round trip) and Vert.x's HTTP client fetches it on the event loop, so the object's bytes travel from
 * the S3 socket to the client's socket in Netty's buffers, with back-pressure, never copied into a {@code byte[]}.
 * The blocking MinIO stream this replaced cost a worker thread per download and two copies of every chunk.
 */
@ApplicationScoped
public class ObjectReader {

    // Netty's HTTP decoder cuts a body into pieces of at most this size; its 8 KiB default made every download a
    // stream of small writes.
    private static final int MAX_CHUNK = 256 * 1024;
    private static final int URL_LIFETIME_SECONDS = 300;
    // A signed URL is reused for reads of the same object for this long, so every use still has at least a minute
    // before S3 refuses it (S3 checks the expiry when a request starts; a Range header is not part of the signature).
    // A hot blob is signed once in four minutes instead of on every read: the MinIO client's URL building and its
    // HMAC chain were a few per cent of a small download's CPU (JFR).
    private static final Duration URL_REUSE = Duration.ofSeconds(URL_LIFETIME_SECONDS - 60);
    private static final int URLS_KEPT = 1024;

    // What the S3 connections read into. Vert.x copies every received buffer of Netty's pooled allocator into a new
    // heap buffer (VertxHandler.safeBuffer), which Netty copies again into a direct buffer to write it to the
    // client: two copies of every downloaded byte. A buffer of an unpooled allocator is handed on as it is, so the
    // bytes go from the S3 socket to the client's socket in the buffer they were read into. Direct, with a cleaner
    // (not Netty's no-cleaner buffers): ObjectStreamWriter releases each buffer once written, and one never written
    // (an error body read for the pool, the rest of a cut download) is freed when collected, never leaked.
    private static final ByteBufAllocator READ_BUFFERS = new UnpooledByteBufAllocator(true, true, false);

    private final MinioClient signer;
    private final StorageConfig config;
    private final HttpClient http;
    private final Cache<String, String> urls = Caffeine.newBuilder().maximumSize(URLS_KEPT)
            .expireAfterWrite(URL_REUSE).build();

    public ObjectReader(MinioClient signer, StorageConfig config, Vertx vertx) {
        this.signer = signer;
        this.config = config;
        this.http = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(64).setKeepAlive(true)
                .setTcpNoDelay(true).setMaxChunkSize(MAX_CHUNK).setReceiveBufferSize(1024 * 1024)
                .setConnectTimeout((int) config.probeTimeout().toMillis())
                // No client span for the S3 read: it is a leaf under the download's server span, and with the
                // sampler at 0.0 the instrumenter still ran on every request (JFR). The server span and its
                // traceparent handling are untouched.
                .setTracingPolicy(TracingPolicy.IGNORE));
        // Vert.x has no option for a client's allocator; each new S3 connection gets it before its first read.
        http.connectionHandler(connection -> {
            if (connection instanceof ConnectionBase base) {
                base.channel().config().setAllocator(READ_BUFFERS);
            }
        });
    }

    /**
     * Opens {@code length} bytes of an object from {@code offset} (the whole object when {@code length} is null):
     * the future completes once S3 has answered 200/206, with the body paused, or fails with
     * {@link MissingObjectException} when S3 has no such object (404) and {@link StorageUnavailableException} when S3
     * is unreachable or refuses.
     */
    public Future<ObjectStream> open(String key, long offset, Long length) {
        String url;
        try {
            url = urls.get(key, this::signedUrl);
        } catch (StorageUnavailableException e) {
            return Future.failedFuture(e);
        }
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url);
        if (length != null) {
            request.putHeader("Range", "bytes=" + offset + "-" + (offset + length - 1));
        }
        return http.request(request).compose(r -> r.send()).compose(response -> {
            if (response.statusCode() == 404) {
                response.body();
                return Future.failedFuture(new MissingObjectException(key));
            }
            if (response.statusCode() != 200 && response.statusCode() != 206) {
                response.body(); // reads the (small) error body so the connection goes back to the pool
                return Future.failedFuture(new StorageUnavailableException("S3 answered " + response.statusCode()
                        + " for " + key, null));
            }
            response.pause();
            String declared = response.getHeader(HttpHeaders.CONTENT_LENGTH);
            return Future.succeededFuture(new ObjectStream(response, declared == null ? -1 : Long.parseLong(declared)));
        }, failure -> Future.failedFuture(new StorageUnavailableException("Could not read object " + key, failure)));
    }

    /** Whether {@code bytes} were read from S3 into a buffer that its writer must release (see READ_BUFFERS). */
    public static boolean ownedByWriter(ByteBuf bytes) {
        return bytes.alloc() == READ_BUFFERS;
    }

    private String signedUrl(String key) {
        try {
            return signer.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Method.GET)
                    .bucket(config.bucket()).object(key).expiry(URL_LIFETIME_SECONDS, TimeUnit.SECONDS).build());
        } catch (Exception e) {
            throw new StorageUnavailableException("Could not sign a read of " + key, e);
        }
    }

    @PreDestroy
    void close() {
        http.close();
    }
}
