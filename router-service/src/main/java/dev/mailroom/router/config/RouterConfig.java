package dev.mailroom.router.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** router-service settings (prefix {@code router}); see the service README for how they interact. */
@ConfigMapping(prefix = "router")
public interface RouterConfig {

    /** This router's name in the send ledger; defaults to the host name plus a random suffix. */
    Optional<String> instanceId();

    /** The domain part of generated Message-IDs: {@code <activityid@domain>}. */
    @WithDefault("mailroom.local")
    String messageIdDomain();

    /**
     * How long a claim stands without renewal before the send counts as abandoned. Must exceed
     * {@code router.smtp.timeout}: a router renews its leases every third of this while it sends.
     */
    @WithDefault("2m")
    Duration claimLease();

    /** SMTP attempts for one email before it is reported Failed; a permanent (5xx) refusal fails at once. */
    @WithDefault("5")
    int maxAttempts();

    /** Delay before the first retry after a transient failure; doubled each attempt, with up to 50% jitter. */
    @WithDefault("1s")
    Duration retryBackoff();

    /** Upper bound of the retry delay. */
    @WithDefault("5m")
    Duration retryBackoffMax();

    /** How often the retry poller looks for due retries, unknown outcomes and abandoned claims. */
    @WithDefault("1s")
    Duration retryPollInterval();

    /** How many due emails one poller pass claims at most. */
    @WithDefault("200")
    int retryBatchSize();

    /**
     * On shutdown (SIGTERM), how long sends already handed to SMTP may take to finish and be recorded; sends not
     * begun are handed back at once. Keep it below the pod's {@code terminationGracePeriodSeconds} minus its
     * {@code preStop} pause, with room left to commit offsets and close.
     */
    @WithDefault("60s")
    Duration shutdownGrace();

    /** The outgoing SMTP server. */
    Smtp smtp();

    /** One SMTP server and how hard the router drives it. */
    interface Smtp {
        /** Host of the SMTP relay; the local run and compose set it through {@code QUARKUS_MAILER_HOST}. */
        @WithDefault("127.0.0.1")
        String host();

        @WithDefault("25")
        int port();

        /** Envelope sender used when an email has no From. */
        @WithDefault("mailroom@mailroom.local")
        String from();

        Optional<String> username();

        Optional<String> password();

        /** NONE, STARTTLS (required) or TLS (implicit, SMTPS). */
        @WithDefault("NONE")
        TlsMode tls();

        /** Connect, read and write timeout of one SMTP exchange. */
        @WithDefault("30s")
        Duration timeout();

        /** Concurrent sends to this server, each over its own persistent connection. */
        @WithDefault("8")
        int connections();

        /** Messages sent over one connection before it is closed and reopened (some relays limit this). */
        @WithDefault("1000")
        int messagesPerConnection();
    }

    /** How the SMTP connection is secured. */
    enum TlsMode {
        NONE, STARTTLS, TLS
    }
}
