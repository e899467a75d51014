package dev.mailroom.localstack;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.mailroom.localstack.identity.LocalIdentity;

/** The four services as the local run starts them: folder, port and the environment that wires them to the stack. */
public enum MailroomService {
    ACTIVITY("activity-service", 8081),
    ATTACHMENT("attachment-service", 8082),
    BULK_MAIL("bulk-mail-service", 8083),
    ROUTER("router-service", 8084);

    /** The local run's key for server profile passwords; never a production key (see eventing's CredentialSeal). */
    private static final String LOCAL_CREDENTIALS_KEY = "uDB/SLmSNDo6ONLWf1MWrrlkX+w3xE0rFOeLY3aPg1M=";
    /** The local run's secret for bulk email's unsubscribe links (bulk-mail-service signs, activity-service checks). */
    private static final String LOCAL_UNSUBSCRIBE_SECRET = "local-run-unsubscribe-secret";

    private final String folder;
    private final int port;

    MailroomService(String folder, int port) {
        this.folder = folder;
        this.port = port;
    }

    public String folder() {
        return folder;
    }

    int defaultPort() {
        return port;
    }

    /** The key under which the running stack reports this service's base URL. */
    public String urlKey() {
        return "service." + folder + ".url";
    }

    Path runnableJar(Path repositoryRoot) {
        return repositoryRoot.resolve(folder).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** The same variable names docker-compose.yml and the Kubernetes manifests set. */
    Map<String, String> environment(StackAddresses stack, Map<MailroomService, Integer> ports) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(ports.get(this)));
        // A developer's machine: listen on loopback only, like every server of the stack.
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("KAFKA_BOOTSTRAP_SERVERS", stack.get(StackAddresses.KAFKA_BOOTSTRAP));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", stack.get(StackAddresses.JDBC_URL));
        env.put("QUARKUS_DATASOURCE_USERNAME", stack.get(StackAddresses.DB_USER));
        env.put("QUARKUS_DATASOURCE_PASSWORD", stack.get(StackAddresses.DB_PASSWORD));
        // The local run's key for server profile passwords (activity-service seals, router-service opens).
        env.put("MAILROOM_CREDENTIALS_KEY", userSetting("MAILROOM_CREDENTIALS_KEY", LOCAL_CREDENTIALS_KEY));
        // Tokens of the local identity provider (a signing key under the run directory): the same variables a
        // deployment sets to its provider's JWKS URL, issuer and audience.
        String identityDir = stack.get(StackAddresses.IDENTITY_DIR);
        if (identityDir != null) {
            env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", Path.of(identityDir).resolve("signing-key.pub.pem").toString());
            env.put("MP_JWT_VERIFY_ISSUER", LocalIdentity.ISSUER);
            env.put("MP_JWT_VERIFY_AUDIENCES", LocalIdentity.AUDIENCE);
            env.put("ACTIVITY_SECURITY_ADMINISTRATOR_OBJECT_ID", LocalIdentity.ADMINISTRATOR_OBJECT_ID.toString());
            env.put("ACTIVITY_SECURITY_SERVICES_OBJECT_ID", LocalIdentity.SERVICES_OBJECT_ID.toString());
            // Where a service finds the key to sign its own service-to-service tokens with (eventing's ServiceTokens).
            env.put("MAILROOM_SERVICE_TOKEN_LOCAL_IDENTITY_DIR", identityDir);
            // attachment-service serves only the services' identity (the tokens ServiceTokens signs).
            env.put("ATTACHMENTS_SECURITY_CALLER_OBJECT_IDS", LocalIdentity.SERVICES_OBJECT_ID.toString());
            // The local mail server listens on loopback: an email server profile may point there.
            env.put("ACTIVITY_SECURITY_ALLOWED_SERVER_HOSTS", "127.0.0.1,localhost");
        }
        switch (this) {
            case ROUTER -> {
                // A relay the user named in these variables wins over the stack's test mail server;
                // ROUTER_SMTP_TLS, ROUTER_SMTP_USERNAME and ROUTER_SMTP_PASSWORD pass through untouched.
                String host = stack.get(StackAddresses.MAIL_HOST);
                env.put("QUARKUS_MAILER_HOST", userSetting("QUARKUS_MAILER_HOST", host));
                env.put("QUARKUS_MAILER_PORT", userSetting("QUARKUS_MAILER_PORT", stack.get(StackAddresses.SMTP_PORT)));
            }
            case ATTACHMENT -> {
                env.put("ATTACHMENTS_STORAGE_ENDPOINT", stack.get(StackAddresses.S3_ENDPOINT));
                env.put("ATTACHMENTS_STORAGE_ACCESS_KEY", stack.get(StackAddresses.S3_ACCESS_KEY));
                env.put("ATTACHMENTS_STORAGE_SECRET_KEY", stack.get(StackAddresses.S3_SECRET_KEY));
            }
            case BULK_MAIL -> {
                env.put("BULKMAIL_ACTIVITY_SERVICE_URL", "http://127.0.0.1:" + ports.get(ACTIVITY));
                // Each bulk email's one-click unsubscribe link points at this run's activity-service.
                env.put("MAILROOM_UNSUBSCRIBE_URL", userSetting("MAILROOM_UNSUBSCRIBE_URL",
                        "http://127.0.0.1:" + ports.get(ACTIVITY) + "/unsubscribe"));
            }
            default -> { }
        }
        if (this == ACTIVITY || this == BULK_MAIL) {
            env.put("MAILROOM_UNSUBSCRIBE_SECRET",
                    userSetting("MAILROOM_UNSUBSCRIBE_SECRET", LOCAL_UNSUBSCRIBE_SECRET));
        }
        // activity-service and router-service fetch and store attachment bytes through attachment-service.
        if (this == ACTIVITY || this == ROUTER) {
            env.put(this == ACTIVITY ? "ACTIVITY_ATTACHMENTS_SERVICE_URL" : "ROUTER_ATTACHMENTS_SERVICE_URL",
                    "http://127.0.0.1:" + ports.get(ATTACHMENT));
        }
        return env;
    }

    private static String userSetting(String variable, String stackDefault) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? stackDefault : value;
    }
}
