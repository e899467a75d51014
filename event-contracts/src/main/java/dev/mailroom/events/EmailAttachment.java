package dev.mailroom.events;

/**
 * One file of a pending email, by reference: the router streams its bytes from attachment-service by
 * {@code sha256} into the MIME message, so events stay small whatever the files weigh.
 *
 * @param size the file's size in bytes
 */
public record EmailAttachment(String sha256, String filename, String mimeType, long size) {
}
