package dev.mailroom.attachment.service;

/** An upload went past the configured maximum blob size. */
public class BlobTooLargeException extends RuntimeException {

    public BlobTooLargeException(long maxSize) {
        super("The body is larger than the maximum blob size of " + maxSize + " bytes");
    }
}
