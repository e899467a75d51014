package dev.mailroom.attachment.service;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import dev.mailroom.attachment.cache.CacheFill;

/**
 * An upload's body as the S3 client reads it: every byte read goes through SHA-256 and is counted against the
 * limit, so the hash that names the blob is known the moment the last part is sent, without a second pass.
 * Going over the limit, or the client's connection failing, is remembered: the S3 client reports both as its own
 * failure, and the caller must answer 413 or give up on the client rather than blame the storage. The bytes hashed
 * are also appended to the blob's local copy (CacheFill; NONE keeps nothing), so the copy holds exactly what the hash
 * names.
 */
final class HashingBody extends FilterInputStream {

    private final MessageDigest digest = sha256();
    private final long limit;
    private final CacheFill copy;
    private long size;
    private boolean overLimit;
    private boolean clientFailed;

    HashingBody(InputStream body, long limit, CacheFill copy) {
        super(body);
        this.limit = limit;
        this.copy = copy;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n;
        try {
            n = in.read(buffer, offset, length);
        } catch (IOException e) {
            clientFailed = true;
            throw e;
        }
        if (n > 0) {
            size += n;
            if (size > limit) {
                overLimit = true;
                throw new BlobTooLargeException(limit);
            }
            digest.update(buffer, offset, n);
            copy.write(buffer, offset, n);
        }
        return n;
    }

    @Override
    public long skip(long n) {
        return 0; // every byte must be hashed: the S3 client reads, never skips
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    long size() {
        return size;
    }

    boolean overLimit() {
        return overLimit;
    }

    boolean clientFailed() {
        return clientFailed;
    }

    /** The hex SHA-256 of everything read; call once, after the body is used up. */
    String sha256Hex() {
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
