package dev.mailroom.attachment.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.mailroom.attachment.service.BlobTooLargeException;
import dev.mailroom.attachment.service.InvalidBlobException;
import dev.mailroom.attachment.storage.MissingObjectException;
import dev.mailroom.attachment.storage.StorageUnavailableException;

/** Turns the blob API's failures into statuses with a JSON body. */
public class BlobExceptionMappers {

    private static final Logger LOG = Logger.getLogger(BlobExceptionMappers.class);

    @ServerExceptionMapper
    public Response mapInvalid(InvalidBlobException e) {
        return error(Status.BAD_REQUEST, "InvalidBlob", e.getMessage());
    }

    @ServerExceptionMapper
    public Response mapTooLarge(BlobTooLargeException e) {
        return error(Status.REQUEST_ENTITY_TOO_LARGE, "BlobTooLarge", e.getMessage());
    }

    @ServerExceptionMapper
    public Response mapStorageUnavailable(StorageUnavailableException e) {
        LOG.warnf("Object storage unavailable: %s (%s)", e.getMessage(), String.valueOf(e.getCause()));
        return error(Status.SERVICE_UNAVAILABLE, "StorageUnavailable",
                "The object storage is unavailable; nothing was stored. Retry later.");
    }

    /** The object went from S3 after its row was read (deleted meanwhile): the blob is gone, as without a row. */
    @ServerExceptionMapper
    public Response mapMissingObject(MissingObjectException e) {
        return error(Status.NOT_FOUND, "BlobNotFound", "No blob " + e.key().substring(e.key().lastIndexOf('/') + 1));
    }

    static Response error(Status status, String error, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorResponse(error, message)).build();
    }
}
