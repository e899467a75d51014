package dev.mailroom.attachment.service;

import java.util.Base64;
import java.util.HexFormat;

/**
 * The SHA-256 a client declares for its upload in a {@code Repr-Digest} header (RFC 9530), e.g.
 * {@code Repr-Digest: sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:}. Other algorithms are ignored, as the
 * RFC asks; a malformed {@code sha-256} member is refused. A declared hash lets a large upload go to its content key
 * directly (see BlobService).
 */
public final class DeclaredDigest {

    private static final String ALGORITHM = "sha-256";

    private DeclaredDigest() {
    }

    /** The declared SHA-256 as 64 lowercase hex digits, or null when the header declares none. */
    public static String sha256Hex(String header) {
        if (header == null) {
            return null;
        }
        for (String member : header.split(",")) {
            int equals = member.indexOf('=');
            String name = (equals < 0 ? member : member.substring(0, equals)).strip();
            if (!name.equalsIgnoreCase(ALGORITHM)) {
                continue;
            }
            String value = equals < 0 ? "" : member.substring(equals + 1).strip();
            if (value.length() < 2 || !value.startsWith(":") || !value.endsWith(":")) {
                throw malformed();
            }
            byte[] hash;
            try {
                hash = Base64.getDecoder().decode(value.substring(1, value.length() - 1));
            } catch (IllegalArgumentException e) {
                throw malformed();
            }
            if (hash.length != 32) {
                throw malformed();
            }
            return HexFormat.of().formatHex(hash);
        }
        return null;
    }

    private static InvalidBlobException malformed() {
        return new InvalidBlobException("Repr-Digest's sha-256 is not the Base64 of 32 bytes between colons");
    }
}
