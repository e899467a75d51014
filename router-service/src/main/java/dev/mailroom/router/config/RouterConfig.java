package dev.mailroom.router.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** router-service settings (prefix {@code router}). */
@ConfigMapping(prefix = "router")
public interface RouterConfig {

    /** This router's name in the send ledger; defaults to the host name plus a random suffix. */
    Optional<String> instanceId();

    /** The domain part of generated Message-IDs: {@code <activityid@domain>}. */
    @WithDefault("mailroom.local")
    String messageIdDomain();

    /** How long a claim stands before another router may take the send over. Must exceed one SMTP transaction. */
    @WithDefault("60s")
    Duration claimLease();

    /** How often a router that finds another's live claim looks again. */
    @WithDefault("1s")
    Duration claimRecheck();

    /** SMTP attempts for one email before it is reported Failed; a permanent (5xx) refusal fails at once. */
    @WithDefault("3")
    int maxAttempts();

    /** Pause between attempts after a transient SMTP failure, doubled each time. */
    @WithDefault("1s")
    Duration retryBackoff();
}
