package dev.mailroom.attachment.storage;

import io.vertx.core.http.HttpClientResponse;

/**
 * An S3 object whose response has begun (status and headers received, body paused): what a download hands to
 * {@code ObjectStreamWriter}, which pipes the body onto the client's response.
 */
public record ObjectStream(HttpClientResponse response, long length) {

    /** Drops an object that will not be sent after all: its connection is reset rather than the body read. */
    public void discard() {
        response.request().reset();
    }
}
