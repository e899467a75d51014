package dev.mailroom.eventing.servicetoken;

import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How a service obtains the bearer token of its own calls to another service (prefix
 * {@code mailroom.service-token}): the OAuth 2.0 client-credentials grant against the identity provider's token
 * endpoint, or, in the local run and tests only, a token signed with the local identity provider's key.
 */
@ConfigMapping(prefix = "mailroom.service-token")
public interface ServiceTokenConfig {

    /** The provider's token endpoint, e.g. https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token. */
    Optional<String> tokenUrl();

    /** This service's client id (its application registration). */
    Optional<String> clientId();

    /** Its client secret, from a Kubernetes Secret (MAILROOM_SERVICE_TOKEN_CLIENT_SECRET); never committed. */
    Optional<String> clientSecret();

    /** The scope asked for, e.g. {@code api://mailroom/.default}. */
    Optional<String> scope();

    /**
     * The local run's identity directory (MAILROOM_IDENTITY_DIR, holding {@code signing-key.pem}); used only when
     * no token endpoint is configured.
     */
    Optional<Path> localIdentityDir();

    /** The object id the locally signed token carries (the services' application user). */
    @WithDefault("6d61696c-726f-4f6d-8000-00000000ad02")
    UUID localObjectId();

    @WithDefault("https://identity.mailroom.local")
    String localIssuer();

    @WithDefault("mailroom")
    String localAudience();
}
