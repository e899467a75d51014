package dev.mailroom.localstack.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.mailroom.localstack.identity.LocalIdentity;

/**
 * The identity every test of a module shares: one signing key under the module's scratch directory (created by
 * whichever needs it first: the test resource that configures the service, or the extension that installs the
 * default token), the service configuration that trusts it, and tokens for any user.
 */
public final class TestIdentity {

    /** How long the default tokens live: longer than any test run. */
    private static final Duration LIFETIME = Duration.ofHours(12);

    private static String administratorToken;

    private TestIdentity() {
    }

    public static LocalIdentity identity() {
        Path scratch = Path.of(System.getProperty("mailroom.scratch.dir", "target/scratch"));
        return LocalIdentity.inDirectory(scratch.resolve("identity").toAbsolutePath());
    }

    /** A valid token of the local administrator (every privilege, organization level). */
    public static synchronized String administratorToken() {
        if (administratorToken == null) {
            administratorToken = identity().token(LocalIdentity.ADMINISTRATOR_OBJECT_ID, LIFETIME);
        }
        return administratorToken;
    }

    /** A valid token of the user whose directory object id is {@code objectId}. */
    public static String tokenFor(UUID objectId) {
        return identity().token(objectId, LIFETIME);
    }

    /** The configuration under which a service trusts these tokens, as the Kubernetes manifests give it. */
    public static Map<String, String> serviceConfig() {
        Map<String, String> config = new HashMap<>();
        config.put("mp.jwt.verify.publickey.location", identity().publicKeyFile().toString());
        config.put("mp.jwt.verify.issuer", LocalIdentity.ISSUER);
        config.put("mp.jwt.verify.audiences", LocalIdentity.AUDIENCE);
        config.put("activity.security.administrator-object-id", LocalIdentity.ADMINISTRATOR_OBJECT_ID.toString());
        config.put("activity.security.services-object-id", LocalIdentity.SERVICES_OBJECT_ID.toString());
        // A service under test signs its own calls to another service with the same key (ServiceTokens).
        config.put("mailroom.service-token.local-identity-dir", identity().publicKeyFile().getParent().toString());
        return config;
    }
}
