package dev.mailroom.attachment.service;

/** The outcome of an upload: the blob's metadata, and whether this upload created it. */
public record StoredBlob(String sha256, long size, String mimeType, boolean created) {
}
