package dev.mailroom.attachment.cache;

/**
 * What a download from a local copy hands to CachedFileWriter: {@code length} bytes of the copy from {@code offset},
 * and the lease the writer releases once they are sent.
 */
public record CachedFile(Lease lease, long offset, long length) {
}
