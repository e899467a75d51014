package dev.mailroom.attachment.repository;

/**
 * What a download needs of a blob's row. None of it changes while the row exists: the bytes are named by their hash,
 * so their size is fixed, and an upload of the same bytes keeps the first MIME type.
 */
public record BlobHead(String sha256, long sizeBytes, String mimeType) {
}
