package dev.mailroom.attachment.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An upload written to a temporary file, with its SHA-256 and size; closing it deletes the file. */
public record SpooledUpload(Path file, String sha256, long size) implements AutoCloseable {

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
