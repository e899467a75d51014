package dev.mailroom.attachment.storage;

/** The S3 storage did not do what was asked (down, unreachable, or refusing); the caller may retry later. */
public class StorageUnavailableException extends RuntimeException {

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
