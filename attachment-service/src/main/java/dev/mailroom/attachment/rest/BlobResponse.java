package dev.mailroom.attachment.rest;

import dev.mailroom.attachment.service.StoredBlob;

/** What an upload answers: the name of the blob and what was stored. */
public record BlobResponse(String sha256, long size, String mimeType) {

    static BlobResponse from(StoredBlob blob) {
        return new BlobResponse(blob.sha256(), blob.size(), blob.mimeType());
    }
}
