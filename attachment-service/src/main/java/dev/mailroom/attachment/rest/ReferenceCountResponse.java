package dev.mailroom.attachment.rest;

/** A blob's reference count after a change. */
public record ReferenceCountResponse(String sha256, int referenceCount) {
}
