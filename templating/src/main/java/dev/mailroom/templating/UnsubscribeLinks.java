package dev.mailroom.templating;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one-click unsubscribe links of bulk email (RFC 8058): {@code <base>/<token>}, the token naming the recipient
 * (its table and id) and the job, signed with HMAC-SHA256 under a secret that bulk-mail-service (which writes the
 * links) and activity-service (which follows them) share. Nothing is stored per link: a link is valid for as long as
 * the secret is, and whoever holds it can only set that one recipient's {@code donotbulkemail}.
 * <p>
 * Token: the base64url (no padding) of version 1, the table's code, the recipient's id and the job's id (34 bytes),
 * a dot, and the first 16 bytes of the HMAC of those 34 bytes: 69 characters in all.
 */
public final class UnsubscribeLinks {

    /** A recipient whose link was followed. */
    public record Unsubscribe(String table, UUID recipientId, UUID jobId) {
    }

    /** The shortest secret accepted: a shorter one could be guessed, and every link with it forged. */
    public static final int MIN_SECRET_LENGTH = 16;

    private static final byte VERSION = 1;
    /** The tables a bulk job can send to; a table's code is its position here, plus one. */
    private static final List<String> TABLES = List.of("contact", "account", "lead");
    private static final int PAYLOAD_BYTES = 2 + 16 + 16;
    private static final int MAC_BYTES = 16;
    private static final String HMAC = "HmacSHA256";

    private final String base;
    private final SecretKeySpec key;
    /**
     * One keyed Mac per thread: a Mac is not thread-safe, and making one looks the provider up and hashes the key
     * again, work a bulk job would otherwise repeat for every recipient on its page threads.
     */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    /**
     * @param base the public URL the links start with, such as {@code https://mail.example.com/unsubscribe}
     * @param secret the shared secret, at least {@value #MIN_SECRET_LENGTH} characters
     */
    public UnsubscribeLinks(String base, String secret) {
        if (base == null || !(base.startsWith("https://") || base.startsWith("http://"))
                || base.chars().anyMatch(c -> c <= ' ' || c == '<' || c == '>' || c == '"' || c >= 0x7f)) {
            throw new IllegalArgumentException("The unsubscribe base URL must be an http(s) URL without spaces: "
                    + base);
        }
        if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("The unsubscribe secret must be at least " + MIN_SECRET_LENGTH
                    + " characters");
        }
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC);
    }

    /** The link for one recipient of a job; a table a bulk job cannot send to is refused. */
    public String linkFor(String table, UUID recipientId, UUID jobId) {
        int code = TABLES.indexOf(table);
        if (code < 0) {
            throw new IllegalArgumentException("No unsubscribe link for a " + table);
        }
        ByteBuffer payload = ByteBuffer.allocate(PAYLOAD_BYTES).put(VERSION).put((byte) (code + 1));
        payload.putLong(recipientId.getMostSignificantBits()).putLong(recipientId.getLeastSignificantBits());
        payload.putLong(jobId.getMostSignificantBits()).putLong(jobId.getLeastSignificantBits());
        return base + "/" + token(payload.array());
    }

    private String token(byte[] payload) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString(payload) + "." + encoder.encodeToString(mac(payload));
    }

    /** What a token names, if this secret signed it; anything else (cut, altered, another secret) is empty. */
    public Optional<Unsubscribe> verify(String token) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot < 0 || token.length() > 128) {
            return Optional.empty();
        }
        byte[] payload;
        byte[] mac;
        try {
            Base64.Decoder decoder = Base64.getUrlDecoder();
            payload = decoder.decode(token.substring(0, dot));
            mac = decoder.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (payload.length != PAYLOAD_BYTES || payload[0] != VERSION || !MessageDigest.isEqual(mac, mac(payload))
                // The decoder ignores the unused low bits of a last character: only the token as written is valid.
                || !token.equals(token(payload))) {
            return Optional.empty();
        }
        int code = payload[1] - 1;
        if (code < 0 || code >= TABLES.size()) {
            return Optional.empty();
        }
        ByteBuffer ids = ByteBuffer.wrap(payload, 2, 32);
        UUID recipient = new UUID(ids.getLong(), ids.getLong());
        UUID job = new UUID(ids.getLong(), ids.getLong());
        return Optional.of(new Unsubscribe(TABLES.get(code), recipient, job));
    }

    private byte[] mac(byte[] payload) {
        // doFinal leaves the Mac ready for the next payload under the same key.
        return Arrays.copyOf(macs.get().doFinal(payload), MAC_BYTES);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }
}
