package dev.mailroom.attachment.rest;

/** The JSON body of every error the blob API answers. */
public record ErrorResponse(String error, String message) {
}
