package dev.mailroom.attachment.service;

/** A request the blob API cannot serve as asked: an empty body, a malformed hash. */
public class InvalidBlobException extends RuntimeException {

    public InvalidBlobException(String message) {
        super(message);
    }
}
