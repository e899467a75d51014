package dev.mailroom.eventing.inbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How long the idempotent-consumer log remembers an event (prefix {@code mailroom.inbox}). */
@ConfigMapping(prefix = "mailroom.inbox")
public interface InboxConfig {

    /**
     * How long a processed event id is kept. A redelivery older than this would be applied again, so it must
     * exceed how long Kafka keeps a record (7 days by default, {@code log.retention.hours=168}).
     */
    @WithDefault("7d")
    Duration retention();
}
