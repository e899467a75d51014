package dev.mailroom.attachment.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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
import jakarta.ws.rs.core.StreamingOutput;

import dev.mailroom.attachment.Blob;
import dev.mailroom.attachment.security.ServiceCallers;
import dev.mailroom.attachment.service.BlobService;
import dev.mailroom.attachment.service.StoredBlob;
import io.smallrye.common.annotation.Blocking;

/**
 * The blob API other services call: raw bytes in and out, named by their SHA-256. Only Mailroom's services, with
 * their bearer tokens (see ServiceCallers).
 */
@Path("/blobs")
@Blocking
@RolesAllowed(ServiceCallers.SERVICE)
public class BlobResource {

    private static final int COPY_BUFFER = 256 * 1024;

    private final BlobService service;

    public BlobResource(BlobService service) {
        this.service = service;
    }

    /** The body is the file's bytes and its Content-Type the file's MIME type; read as a stream, never whole. */
    @PUT
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response upload(InputStream body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        StoredBlob blob = service.upload(body, contentType);
        if (!blob.created()) {
            return Response.ok(BlobResponse.from(blob)).build();
        }
        return Response.created(URI.create("/blobs/" + blob.sha256())).entity(BlobResponse.from(blob)).build();
    }

    /** Streams the bytes from S3 to the client in chunks; the object is opened before the status is sent. */
    @GET
    @Path("/{sha256}")
    @Produces(MediaType.WILDCARD)
    public Response download(@PathParam("sha256") String sha256, @QueryParam("offset") Long offset,
            @QueryParam("length") Long length) {
        Optional<Blob> blob = service.findBlob(sha256);
        if (blob.isEmpty()) {
            return BlobExceptionMappers.error(Status.NOT_FOUND, "BlobNotFound", "No blob " + sha256);
        }
        if (offset == null && length == null) {
            return streamed(blob.get());
        }
        return streamedRange(blob.get(), offset == null ? 0 : offset, length == null ? Long.MAX_VALUE : length);
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

    /** {@code ?offset=&length=}: a slice of the blob (block downloads); the slice is clipped to the blob's end. */
    private Response streamedRange(Blob blob, long offset, long length) {
        if (offset < 0 || length < 1 || offset >= blob.sizeBytes) {
            return BlobExceptionMappers.error(Status.BAD_REQUEST, "InvalidRange", "The blob has " + blob.sizeBytes
                    + " bytes; offset must be below that and length at least 1");
        }
        long clipped = Math.min(length, blob.sizeBytes - offset);
        InputStream content = service.openRange(blob, offset, clipped);
        StreamingOutput output = out -> copy(content, out);
        return Response.ok(output, blob.mimeType).header(HttpHeaders.CONTENT_LENGTH, clipped).build();
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

    private Response streamed(Blob blob) {
        InputStream content = service.openContent(blob);
        StreamingOutput output = out -> copy(content, out);
        return Response.ok(output, blob.mimeType).header(HttpHeaders.CONTENT_LENGTH, blob.sizeBytes).build();
    }

    /**
     * Copies in 256 KiB writes rather than {@code transferTo}'s 8 KiB: each write to the response is a hand-over to
     * the event loop, and the download profile was dominated by that per-write cost. Memory stays one buffer per
     * download.
     */
    private static void copy(InputStream content, OutputStream out) throws IOException {
        try (content) {
            byte[] buffer = new byte[COPY_BUFFER];
            for (int n = content.read(buffer); n != -1; n = content.read(buffer)) {
                out.write(buffer, 0, n);
            }
        }
    }

    private static Response counted(String sha256, Optional<Integer> count) {
        return count.map(c -> Response.ok(new ReferenceCountResponse(sha256.toLowerCase(Locale.ROOT), c)).build())
                .orElseGet(() -> BlobExceptionMappers.error(Status.NOT_FOUND, "BlobNotFound", "No blob " + sha256));
    }
}
