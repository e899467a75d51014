package dev.mailroom.attachment.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.attachment.config.BlobConfig;

/**
 * Copies an upload to a temporary file while hashing it, in fixed-size chunks. The hash names the object, so it
 * must be known before the object is written; spooling to disk gives that without holding the file in memory,
 * and gives the S3 client a known length.
 */
@ApplicationScoped
public class UploadSpooler {

    private static final int CHUNK = 64 * 1024;

    private final BlobConfig config;

    public UploadSpooler(BlobConfig config) {
        this.config = config;
    }

    /** Spools {@code body}; refuses an empty body and one larger than the configured maximum. */
    public SpooledUpload spool(InputStream body) {
        Path file = createTempFile();
        try {
            MessageDigest digest = sha256();
            long size = 0;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), digest)) {
                byte[] buffer = new byte[CHUNK];
                for (int n = body.read(buffer); n != -1; n = body.read(buffer)) {
                    size += n;
                    if (size > config.maxSize()) {
                        throw new BlobTooLargeException(config.maxSize());
                    }
                    out.write(buffer, 0, n);
                }
            }
            if (size == 0) {
                throw new InvalidBlobException("The body is empty: a blob has at least one byte");
            }
            return new SpooledUpload(file, HexFormat.of().formatHex(digest.digest()), size);
        } catch (IOException e) {
            deleteQuietly(file);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
    }

    private Path createTempFile() {
        try {
            Files.createDirectories(config.tempDir());
            return Files.createTempFile(config.tempDir(), "upload-", ".part");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // The upload already failed; a leftover temp file is not worth hiding that failure.
        }
    }
}
