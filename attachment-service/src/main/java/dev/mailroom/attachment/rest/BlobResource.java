package dev.mailroom.attachment.rest;

import java.io.InputStream;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;

import dev.mailroom.attachment.Blob;
import dev.mailroom.attachment.cache.BlobCache;
import dev.mailroom.attachment.cache.CachedFile;
import dev.mailroom.attachment.cache.Lease;
import dev.mailroom.attachment.config.DownloadConfig;
import dev.mailroom.attachment.repository.BlobHead;
import dev.mailroom.attachment.repository.DownloadRows;
import dev.mailroom.attachment.security.ServiceCallers;
import dev.mailroom.attachment.service.BlobService;
import dev.mailroom.attachment.service.DeclaredDigest;
import dev.mailroom.attachment.service.StoredBlob;
import dev.mailroom.attachment.storage.DownloadRedirects;
import dev.mailroom.attachment.storage.MissingObjectException;
import dev.mailroom.attachment.storage.ObjectReader;
import dev.mailroom.attachment.storage.ObjectStream;
import dev.mailroom.eventing.http.DeclaredLength;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The blob API other services call: raw bytes in and out, named by their SHA-256. Only Mailroom's services, with
 * their bearer tokens (see ServiceCallers).
 */
@Path("/blobs")
@Blocking
@RolesAllowed(ServiceCallers.SERVICE)
public class BlobResource {

    private final BlobService service;
    private final ObjectReader reader;
    private final Vertx vertx;
    private final DownloadRedirects redirects;
    private final boolean redirectDownloads;
    private final DownloadRows rows;
    private final BlobCache cache;

    public BlobResource(BlobService service, ObjectReader reader, Vertx vertx, DownloadRedirects redirects,
            DownloadConfig downloads, DownloadRows rows, BlobCache cache) {
        this.service = service;
        this.cache = cache;
        this.rows = rows;
        this.reader = reader;
        this.vertx = vertx;
        this.redirects = redirects;
        this.redirectDownloads = downloads.mode() == DownloadConfig.Mode.REDIRECT;
    }

    /**
     * The body is the file's bytes and its Content-Type the file's MIME type; read as a stream, never whole. A
     * Content-Length over the limit was refused before this runs (UploadSizeLimit). An optional
     * {@code Repr-Digest: sha-256=:<Base64>:} (RFC 9530) declares the hash: a large body then goes to its content key
     * in one pass, and a body that does not match is refused (400) with nothing stored.
     */
    @PUT
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response upload(InputStream body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
            @HeaderParam("Repr-Digest") String reprDigest) {
        StoredBlob blob = service.upload(body, contentType, DeclaredLength.of(contentLength),
                DeclaredDigest.sha256Hex(reprDigest));
        if (!blob.created()) {
            return Response.ok(BlobResponse.from(blob)).build();
        }
        return Response.created(URI.create("/blobs/" + blob.sha256())).entity(BlobResponse.from(blob)).build();
    }

    /**
     * Streams the bytes from S3 to the client without a blocking thread (see ObjectReader and ObjectStreamWriter);
     * the object is opened before the status is sent, so S3 down answers 503, not a broken 200. A blob whose row is
     * cached (DownloadRows) goes straight to S3 from the event loop; otherwise only the lookup of the row runs on a
     * worker thread. For a whole blob the row is looked up while S3 is already asked for the object, the two round
     * trips at once instead of one after the other; the answer still waits for the row: no row is 404 (the object,
     * if any, is dropped unread), as before. S3's 404 (the blob was deleted after its row was read or cached) is 404
     * too, and the cached row is dropped. In redirect mode (DownloadConfig) a whole blob is answered 307 to a
     * presigned S3 URL instead, after the same caller check and row lookup. A blob with a local copy (BlobCache) is
     * sent from that file by the kernel, once its row is read from the database: the copy cannot tell a deleted blob.
     */
    @GET
    @Path("/{sha256}")
    @Produces(MediaType.WILDCARD)
    @NonBlocking
    public Uni<Response> download(@PathParam("sha256") String sha256, @QueryParam("offset") Long offset,
            @QueryParam("length") Long length) {
        String hash = BlobService.checkedHash(sha256);
        boolean whole = offset == null && length == null;
        if (whole && redirectDownloads) {
            return redirected(hash);
        }
        Optional<Lease> copy = cache.open(hash);
        if (copy.isPresent()) {
            return fromCopy(hash, copy.get(), offset, length);
        }
        BlobHead cached = rows.cached(hash);
        if (cached != null) {
            return forgottenIfGone(hash, whole ? streamed(cached, 0, null) : streamedRange(cached, offset, length));
        }
        if (whole) {
            Future<ObjectStream> object = reader.open(Blob.objectKey(hash), 0, null);
            Future<Response> response = lookUp(hash).transform(row -> {
                if (row.failed() || row.result().isEmpty()) {
                    object.onSuccess(ObjectStream::discard);
                    return row.failed() ? Future.failedFuture(row.cause()) : Future.succeededFuture(notFound(hash));
                }
                return object.map(stream -> Response.ok(stream, row.result().get().mimeType()).build());
            });
            return forgottenIfGone(hash, Uni.createFrom().completionStage(response.toCompletionStage()));
        }
        return forgottenIfGone(hash, Uni.createFrom().completionStage(() -> lookUp(hash).toCompletionStage())
                .flatMap(blob -> blob.isEmpty() ? Uni.createFrom().item(notFound(hash))
                        : streamedRange(blob.get(), offset, length)));
    }

    /**
     * A download from the local copy: the row is read first (a deleted blob is 404 and its copy dropped), the range is
     * checked as for S3, and CachedFileWriter sends the file and releases the lease. Every other outcome releases it
     * here.
     */
    private Uni<Response> fromCopy(String hash, Lease copy, Long offset, Long length) {
        return Uni.createFrom().completionStage(() -> vertx.executeBlocking(() -> rows.findFresh(hash), false)
                .toCompletionStage()).map(row -> {
                    if (row.isEmpty()) {
                        copy.release();
                        cache.evict(hash);
                        return notFound(hash);
                    }
                    BlobHead blob = row.get();
                    if (offset == null && length == null) {
                        return Response.ok(new CachedFile(copy, 0, copy.size()), blob.mimeType()).build();
                    }
                    long start = offset == null ? 0 : offset;
                    Response invalid = invalidRange(blob, start, length);
                    if (invalid != null) {
                        copy.release();
                        return invalid;
                    }
                    return Response.ok(new CachedFile(copy, start, sliceLength(blob, start, length)), blob.mimeType())
                            .build();
                }).onFailure().invoke(copy::release);
    }

    /**
     * The headers a GET would answer, from the blob's row read from the database: no S3 request and no local copy
     * held. Without this, JAX-RS would run the GET and drop its body unwritten, holding the S3 response or the copy
     * it opened.
     */
    @HEAD
    @Path("/{sha256}")
    @Produces(MediaType.WILDCARD)
    public Response head(@PathParam("sha256") String sha256, @QueryParam("offset") Long offset,
            @QueryParam("length") Long length) {
        String hash = BlobService.checkedHash(sha256);
        Optional<BlobHead> row = rows.findFresh(hash);
        if (row.isEmpty()) {
            return notFound(hash);
        }
        BlobHead blob = row.get();
        long start = offset == null ? 0 : offset;
        Response invalid = invalidRange(blob, start, length);
        if (invalid != null) {
            return invalid;
        }
        return Response.ok().type(blob.mimeType())
                .header(HttpHeaders.CONTENT_LENGTH, String.valueOf(sliceLength(blob, start, length))).build();
    }

    /** S3 has no object for the blob any more: its cached row, if any, must not send the next download to S3. */
    private Uni<Response> forgottenIfGone(String hash, Uni<Response> response) {
        return response.onFailure(MissingObjectException.class).invoke(() -> rows.forget(hash));
    }

    /**
     * 307 (the method and any Range header are kept by the caller) to a presigned URL of the object; not cached, as
     * the URL expires. The caller's token was checked before this runs, and a blob without a row is 404 as when
     * proxying: the URL is signed only for a blob this service knows (or knew within the row cache's lifetime; a
     * blob deleted since is S3's 404 at the URL).
     */
    private Uni<Response> redirected(String hash) {
        BlobHead cached = rows.cached(hash);
        Uni<Optional<BlobHead>> row = cached != null ? Uni.createFrom().item(Optional.of(cached))
                : Uni.createFrom().completionStage(() -> lookUp(hash).toCompletionStage());
        return row.map(blob -> blob.isEmpty()
                ? notFound(hash)
                : Response.temporaryRedirect(redirects.urlFor(Blob.objectKey(hash)))
                        .header(HttpHeaders.CACHE_CONTROL, "no-store").build());
    }

    private Future<Optional<BlobHead>> lookUp(String sha256) {
        return vertx.executeBlocking(() -> service.lookUp(sha256), false);
    }

    private static Response notFound(String sha256) {
        return BlobExceptionMappers.error(Status.NOT_FOUND, "BlobNotFound", "No blob " + sha256);
    }

    /**
     * One blob made of others, in order (the blocks of a block upload): their bytes are streamed from S3 into the
     * same spool-and-hash path as a PUT, so the result is an ordinary content-addressed blob.
     */
    @POST
    @Path("/compose")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response compose(ComposeRequest request) {
        StoredBlob blob = service.compose(request == null ? null : request.parts(),
                request == null ? null : request.mimeType());
        if (!blob.created()) {
            return Response.ok(BlobResponse.from(blob)).build();
        }
        return Response.created(URI.create("/blobs/" + blob.sha256())).entity(BlobResponse.from(blob)).build();
    }

    /**
     * {@code ?offset=&length=} (either may be absent): a slice of the blob (block downloads); the slice is clipped to
     * the blob's end.
     */
    private Uni<Response> streamedRange(BlobHead blob, Long offsetParam, Long lengthParam) {
        long offset = offsetParam == null ? 0 : offsetParam;
        Response invalid = invalidRange(blob, offset, lengthParam);
        if (invalid != null) {
            return Uni.createFrom().item(invalid);
        }
        return streamed(blob, offset, sliceLength(blob, offset, lengthParam));
    }

    /** The 400 of a slice that does not start inside the blob or has no byte; null when the slice is valid. */
    private static Response invalidRange(BlobHead blob, long offset, Long length) {
        if (offset < 0 || (length != null && length < 1) || offset >= blob.sizeBytes()) {
            return BlobExceptionMappers.error(Status.BAD_REQUEST, "InvalidRange", "The blob has "
                    + blob.sizeBytes() + " bytes; offset must be below that and length at least 1");
        }
        return null;
    }

    /** A valid slice's length, clipped to the blob's end. */
    private static long sliceLength(BlobHead blob, long offset, Long length) {
        return Math.min(length == null ? Long.MAX_VALUE : length, blob.sizeBytes() - offset);
    }

    @POST
    @Path("/{sha256}/references")
    @Produces(MediaType.APPLICATION_JSON)
    public Response addReference(@PathParam("sha256") String sha256) {
        return counted(sha256, service.addReference(sha256));
    }

    @DELETE
    @Path("/{sha256}/references")
    @Produces(MediaType.APPLICATION_JSON)
    public Response removeReference(@PathParam("sha256") String sha256) {
        return counted(sha256, service.removeReference(sha256));
    }

    /**
     * The whole blob when {@code length} is null, else that many bytes from {@code offset}; the Content-Length is
     * the one S3 declares for what it sends (set by ObjectStreamWriter).
     */
    private Uni<Response> streamed(BlobHead blob, long offset, Long length) {
        return Uni.createFrom().completionStage(() -> reader.open(Blob.objectKey(blob.sha256()), offset, length)
                .toCompletionStage()).map(object -> Response.ok(object, blob.mimeType()).build());
    }

    private static Response counted(String sha256, Optional<Integer> count) {
        return count.map(c -> Response.ok(new ReferenceCountResponse(sha256.toLowerCase(Locale.ROOT), c)).build())
                .orElseGet(() -> BlobExceptionMappers.error(Status.NOT_FOUND, "BlobNotFound", "No blob " + sha256));
    }
}
