package dev.mailroom.localstack.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The identity provider of the local run and of the tests: an RSA signing key kept in a directory, and OAuth 2.0
 * access tokens (RS256 JWTs) signed with it, carrying the claims a real provider such as Entra ID or Keycloak
 * issues ({@code iss}, {@code aud}, {@code sub}, {@code oid}, {@code iat}, {@code exp}). The services verify them
 * with the public key only, exactly as they verify a production provider's tokens; nothing here is a switch that
 * turns verification off.
 */
public final class LocalIdentity {

    /** The issuer of locally minted tokens ({@code mp.jwt.verify.issuer} of every service in the local run). */
    public static final String ISSUER = "https://identity.mailroom.local";
    /** The audience of the Web API ({@code mp.jwt.verify.audiences}). */
    public static final String AUDIENCE = "mailroom";
    /** The directory object id of the local administrator ({@code activity.security.administrator-object-id}). */
    public static final UUID ADMINISTRATOR_OBJECT_ID = UUID.fromString("6d61696c-726f-4f6d-8000-00000000ad01");
    /** The object id of the services' own application user (client-credentials tokens between services). */
    public static final UUID SERVICES_OBJECT_ID = UUID.fromString("6d61696c-726f-4f6d-8000-00000000ad02");

    static final String PRIVATE_KEY_FILE = "signing-key.pem";
    static final String PUBLIC_KEY_FILE = "signing-key.pub.pem";

    private final Path directory;
    private final KeyPair keys;

    private LocalIdentity(Path directory, KeyPair keys) {
        this.directory = directory;
        this.keys = keys;
    }

    /** The key pair in {@code directory}, created there (RSA 2048) on first use. */
    public static synchronized LocalIdentity inDirectory(Path directory) {
        try {
            Files.createDirectories(directory);
            Path privateKey = directory.resolve(PRIVATE_KEY_FILE);
            Path publicKey = directory.resolve(PUBLIC_KEY_FILE);
            if (!Files.isRegularFile(privateKey) || !Files.isRegularFile(publicKey)) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                // Public key first: a reader that sees the private key always finds its public half.
                writeAtomically(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
                writeAtomically(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            }
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            PrivateKey privatePart = rsa.generatePrivate(new PKCS8EncodedKeySpec(unpem(privateKey)));
            PublicKey publicPart = rsa.generatePublic(new X509EncodedKeySpec(unpem(publicKey)));
            return new LocalIdentity(directory, new KeyPair(publicPart, privatePart));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot create or read the local signing key in " + directory, e);
        }
    }

    /** The PEM file of the public key: what a service is given as {@code mp.jwt.verify.publickey.location}. */
    public Path publicKeyFile() {
        return directory.resolve(PUBLIC_KEY_FILE);
    }

    /** A token for the user whose directory object id is {@code objectId}, valid for {@code lifetime}. */
    public String token(UUID objectId, Duration lifetime) {
        return sign(claims(objectId, ISSUER, AUDIENCE, Instant.now(), lifetime));
    }

    /** The standard claims of a token; change any of them and {@link #sign} the result to make a bad token. */
    public Map<String, Object> claims(UUID objectId, String issuer, Object audience, Instant issuedAt,
            Duration lifetime) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("aud", audience);
        claims.put("sub", objectId.toString());
        claims.put("oid", objectId.toString());
        claims.put("upn", objectId + "@mailroom.local");
        claims.put("iat", issuedAt.getEpochSecond());
        claims.put("exp", issuedAt.plus(lifetime).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        return claims;
    }

    /** A compact JWS (RS256) of the claims, signed with this identity's private key. */
    public String sign(Map<String, Object> claims) {
        return signWith(keys.getPrivate(), claims);
    }

    /** A compact JWS signed with another key: what a forger without our key can produce. */
    public static String signWith(PrivateKey key, Map<String, Object> claims) {
        String header = base64Url("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
        String payload = base64Url(JsonText.of(claims));
        String signingInput = header + "." + payload;
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign a token", e);
        }
    }

    private static String base64Url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] unpem(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        StringBuilder base64 = new StringBuilder();
        lines.stream().filter(line -> !line.startsWith("-----")).forEach(base64::append);
        return Base64.getDecoder().decode(base64.toString());
    }

    private static void writeAtomically(Path target, String content) throws IOException {
        Path temporary = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        Files.writeString(temporary, content, StandardCharsets.US_ASCII);
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
