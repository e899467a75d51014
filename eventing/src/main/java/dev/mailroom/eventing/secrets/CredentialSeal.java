package dev.mailroom.eventing.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Seals credentials (server profile passwords) so that they are stored and travel only encrypted: AES-256-GCM under
 * {@code mailroom.credentials.key} (Base64 of 32 bytes), which activity-service (it seals) and router-service (it
 * opens) both read from configuration, a Kubernetes Secret in production. Authenticated encryption: a sealed value
 * that was tampered with, or sealed under another key, does not open. Format {@code v1:<Base64(nonce|ciphertext)>};
 * the version prefix leaves room for a key rotation.
 */
@ApplicationScoped
public class CredentialSeal {

    static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Optional<SecretKeySpec> key;
    private final SecureRandom random = new SecureRandom();

    public CredentialSeal(@ConfigProperty(name = "mailroom.credentials.key") Optional<String> base64Key) {
        this.key = base64Key.filter(text -> !text.isBlank()).map(CredentialSeal::aesKey);
    }

    private static SecretKeySpec aesKey(String base64) {
        byte[] bytes = Base64.getDecoder().decode(base64.strip());
        if (bytes.length != 32) {
            throw new IllegalArgumentException("mailroom.credentials.key must be the Base64 of 32 random bytes, not "
                    + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }

    /** Whether the value is already sealed (so that sealing twice is avoided). */
    public static boolean isSealed(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    /** The sealed form of a secret; null stays null. */
    public String seal(String secret) {
        if (secret == null || isSealed(secret)) {
            return secret;
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, requireKey(), new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot seal a credential: " + e.getMessage(), e);
        }
    }

    /** The secret of a sealed value; null stays null. */
    public String open(String sealed) {
        if (sealed == null) {
            return null;
        }
        if (!isSealed(sealed)) {
            throw new IllegalArgumentException("Not a sealed credential");
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, requireKey(), new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("The credential does not open with mailroom.credentials.key: it was "
                    + "sealed under another key or altered", e);
        }
    }

    private SecretKeySpec requireKey() {
        return key.orElseThrow(() -> new IllegalStateException("mailroom.credentials.key is not set: server profile "
                + "credentials cannot be sealed or opened without it"));
    }
}
