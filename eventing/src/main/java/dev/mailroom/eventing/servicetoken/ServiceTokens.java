package dev.mailroom.eventing.servicetoken;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The {@code Authorization} header of a service's calls to another service (bulk-mail-service paging recipients
 * through the Web API, activity-service fetching from attachment-service). Client credentials, not mutual TLS:
 * the receiving services already verify OAuth 2.0 bearer tokens for their users, so a service is one more caller
 * with an identity (an application user with its own roles and limits, as in Dataverse), and no certificate
 * authority, rotation or TLS termination inside the cluster is needed.
 *
 * <p>With {@code mailroom.service-token.token-url} set, the token comes from the provider's token endpoint
 * (client-credentials grant) and is reused until a minute before it expires. Otherwise, in the local run and in
 * tests, it is signed with the local identity provider's key ({@code MAILROOM_IDENTITY_DIR}). A service that has
 * neither sends no header, and the receiving service answers 401.
 */
@ApplicationScoped
public class ServiceTokens {

    private static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofMinutes(1);
    private static final Duration LOCAL_LIFETIME = Duration.ofMinutes(15);

    private final ServiceTokenConfig config;
    private final ObjectMapper mapper;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Clock clock = Clock.systemUTC();
    private String token;
    private Instant expiresAt = Instant.MIN;

    public ServiceTokens(ServiceTokenConfig config, ObjectMapper mapper) {
        this.config = config;
        this.mapper = mapper;
    }

    /** {@code Bearer <token>}, or null when this service has no way to obtain a token. */
    public synchronized String authorizationHeader() {
        if (token == null || clock.instant().isAfter(expiresAt.minus(REFRESH_BEFORE_EXPIRY))) {
            if (config.tokenUrl().isPresent()) {
                requestToken();
            } else if (config.localIdentityDir().isPresent()) {
                signLocally();
            } else {
                return null;
            }
        }
        return "Bearer " + token;
    }

    private void requestToken() {
        String form = "grant_type=client_credentials&client_id=" + encode(config.clientId().orElse(""))
                + "&client_secret=" + encode(config.clientSecret().orElse(""))
                + config.scope().map(scope -> "&scope=" + encode(scope)).orElse("");
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(config.tokenUrl().get()))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                // The body may echo the request; only the status is reported.
                throw new IllegalStateException("The token endpoint answered " + response.statusCode());
            }
            JsonNode body = mapper.readTree(response.body());
            token = body.path("access_token").asText();
            expiresAt = clock.instant().plusSeconds(body.path("expires_in").asLong(300));
        } catch (IOException e) {
            throw new IllegalStateException("The token endpoint is unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while obtaining a token", e);
        }
    }

    private void signLocally() {
        Instant now = clock.instant();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", config.localIssuer());
        claims.put("aud", config.localAudience());
        claims.put("sub", config.localObjectId().toString());
        claims.put("oid", config.localObjectId().toString());
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(LOCAL_LIFETIME).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        try {
            String header = base64Url("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
            String input = header + "." + base64Url(mapper.writeValueAsBytes(claims));
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(privateKey());
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            token = input + "." + base64Url(signature.sign());
            expiresAt = now.plus(LOCAL_LIFETIME);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign a local service token", e);
        }
    }

    private PrivateKey privateKey() throws IOException, GeneralSecurityException {
        String pem = Files.readString(config.localIdentityDir().get().resolve("signing-key.pem"));
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder()
                .decode(base64)));
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
