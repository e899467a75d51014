package dev.mailroom.activity.attachments;

/** What attachment-service answers for stored bytes: their SHA-256 (the blob's name) and size. */
public record StoredFile(String sha256, long size) {
}
