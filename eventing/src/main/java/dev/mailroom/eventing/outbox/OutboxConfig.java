package dev.mailroom.eventing.outbox;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Tuning of the outbox writer and relay (prefix {@code mailroom.outbox}). */
@ConfigMapping(prefix = "mailroom.outbox")
public interface OutboxConfig {

    /** How many outbox rows one relay pass publishes at most. */
    @WithDefault("500")
    int batchSize();

    /**
     * How many batches may wait for the broker's answers at once: the relay reads and sends the next batch while
     * earlier ones are acknowledged. 1 sends a batch only once the previous one is settled.
     */
    @WithDefault("4")
    int inFlightBatches();

    /**
     * How many batches one relay pass (one transaction, holding the relay lock) reads at most; the deletes of a pass
     * become visible when it commits.
     */
    @WithDefault("16")
    int batchesPerPass();

    /**
     * Topics the relay publishes ahead of all others (each in id order), e.g. a service's own work items that must
     * not queue behind its output. Each needs an index on {@code outbox_event (topic, id)} in the service's schema.
     */
    Optional<List<String>> priorityTopics();

    /** How long the relay sleeps when nothing woke it; bounds the delay of events written by other instances. */
    @WithDefault("500ms")
    Duration pollInterval();

    /**
     * How far back a re-scan starts: every half of it, a relay pass starts at the position the relay had reached this
     * long ago instead of where the last pass ended, so a row whose transaction committed after rows with higher ids
     * were published (ids are taken at insert, not at commit) goes out at most half this late, provided it committed
     * within half of it. See {@link OutboxReadPositions}.
     */
    @WithDefault("500ms")
    Duration lookBack();

    /**
     * How often a relay pass starts at id 0 (and at the first pass): the bound on the delay of a row whose
     * transaction committed later than the look-back allows for. Such a row is published late, never lost.
     */
    @WithDefault("5s")
    Duration fullScanInterval();

    /**
     * How long the relay waits after a pass that read less than one batch before it starts the next, even when
     * woken: the commits of that time coalesce into one fuller pass (one read, one delete, one wait for the broker)
     * instead of a pass per commit. Adds at most this much to an event's latency while the outbox is busy; an idle
     * relay woken by a commit after the linger passes at once.
     */
    @WithDefault("50ms")
    Duration linger();

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
