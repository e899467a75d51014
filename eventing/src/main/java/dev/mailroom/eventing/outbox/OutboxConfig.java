package dev.mailroom.eventing.outbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Tuning of the outbox writer and relay (prefix {@code mailroom.outbox}). */
@ConfigMapping(prefix = "mailroom.outbox")
public interface OutboxConfig {

    /** How many outbox rows one relay pass publishes at most. */
    @WithDefault("500")
    int batchSize();

    /** How long the relay sleeps when nothing woke it; bounds the delay of events written by other instances. */
    @WithDefault("500ms")
    Duration pollInterval();

    /** Whether this instance runs a relay at all. */
    @WithDefault("true")
    boolean enabled();

    /**
     * The largest JSON payload, in UTF-8 bytes, the writer accepts. Below the producer's {@code max.request.size}
     * (1 MiB by default) with room for the key and headers, so an accepted event is one Kafka will take.
     */
    @WithDefault("1000000")
    int maxPayloadBytes();
}
