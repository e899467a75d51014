package dev.mailroom.activity.security;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.error.DataverseException;
import dev.mailroom.activity.odata.sql.RecordStore;
import dev.mailroom.activity.odata.sql.Sql;
import io.quarkus.runtime.StartupEvent;

/**
 * Dataverse's service protection limits per user: requests and combined execution time in a sliding window
 * (6,000 and 1,200 s in 300 s by default) and concurrent requests (52), answered with 429 and
 * {@code Retry-After}. The limits hold across every instance: each instance adds what it served to 10-second
 * buckets in PostgreSQL and reports its in-flight requests about once a second (four statements for all users
 * together), and reads every instance's sums back. A request costs no database round trip: it is checked
 * against the last shared sums plus what this instance served since.
 */
@ApplicationScoped
public class ServiceProtection {

    private static final Logger LOG = Logger.getLogger(ServiceProtection.class);
    private static final String BUCKET = "to_timestamp(floor(extract(epoch FROM now()) / 10) * 10)";

    private final RecordStore store;
    private final SecurityConfig.Limits limits;
    private final UUID instanceId = UUID.randomUUID();
    private final Map<UUID, UserLoad> users = new ConcurrentHashMap<>();
    private ScheduledExecutorService sync;
    private long syncs;

    public ServiceProtection(RecordStore store, SecurityConfig config) {
        this.store = store;
        this.limits = config.limits();
    }

    void start(@Observes StartupEvent event) {
        sync = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "service-protection-sync");
            thread.setDaemon(true);
            return thread;
        });
        long every = limits.syncInterval().toMillis();
        sync.scheduleWithFixedDelay(this::syncSafely, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (sync != null) {
            sync.shutdownNow();
        }
    }

    /** A request that was let in; closing it records its execution time and ends it. */
    public interface Admission extends AutoCloseable {
        @Override
        void close();
    }

    /** A limit the user is over: 429 with the seconds after which to retry. */
    public static final class LimitExceeded extends DataverseException {
        private final long retryAfterSeconds;

        LimitExceeded(DataverseError error, String message, long retryAfterSeconds) {
            super(error, message);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** Lets a request of {@code user} in, or throws {@link LimitExceeded}. */
    public Admission admit(UUID user) {
        UserLoad load = users.computeIfAbsent(user, key -> new UserLoad());
        if (load.requests() >= limits.requests()) {
            throw new LimitExceeded(DataverseError.REQUEST_LIMIT_EXCEEDED, "Number of requests exceeded the limit "
                    + "of " + limits.requests() + " over time window of " + limits.window().toSeconds()
                    + " seconds.", load.retryAfter);
        }
        if (load.executionMillis() >= limits.executionTime().toMillis()) {
            throw new LimitExceeded(DataverseError.EXECUTION_TIME_LIMIT_EXCEEDED, "Combined execution time of "
                    + "incoming requests exceeded limit of " + limits.executionTime().toMillis() + " milliseconds "
                    + "over time window of " + limits.window().toSeconds() + " seconds. Decrease number of "
                    + "concurrent requests or reduce the duration of requests and try again later.",
                    load.retryAfter);
        }
        int concurrent = load.inFlight.incrementAndGet();
        if (concurrent + load.othersInFlight > limits.concurrent()) {
            load.inFlight.decrementAndGet();
            throw new LimitExceeded(DataverseError.CONCURRENCY_LIMIT_EXCEEDED, "Number of concurrent requests "
                    + "exceeded the limit of " + limits.concurrent() + ".", 1);
        }
        load.pendingRequests.increment();
        long started = System.nanoTime();
        return () -> {
            load.pendingMillis.add((System.nanoTime() - started) / 1_000_000);
            load.inFlight.decrementAndGet();
        };
    }

    private void syncSafely() {
        try {
            sync();
        } catch (RuntimeException e) {
            // The database is away: keep counting locally and try again at the next tick.
            LOG.debugf("Service protection counters not shared this time: %s", e.getMessage());
        }
    }

    /** Adds this instance's counts to the shared buckets and reads every instance's sums back. */
    void sync() {
        List<List<Object>> served = new ArrayList<>();
        List<List<Object>> inFlight = new ArrayList<>();
        users.forEach((user, load) -> {
            long requests = load.pendingRequests.sumThenReset();
            long millis = load.pendingMillis.sumThenReset();
            if (requests > 0 || millis > 0) {
                load.windowRequests += requests;
                load.windowMillis += millis;
                served.add(List.of(user, requests, millis));
            }
            int now = load.inFlight.get();
            if (now > 0 || load.reportedInFlight > 0) {
                inFlight.add(List.of(instanceId, user, now));
                load.reportedInFlight = now;
            }
        });
        store.executeBatch("INSERT INTO servicelimit_bucket AS b (systemuserid, bucketstart, requests, executionms) "
                + "VALUES (?, " + BUCKET + ", ?, ?) ON CONFLICT (systemuserid, bucketstart) DO UPDATE SET "
                + "requests = b.requests + excluded.requests, executionms = b.executionms + excluded.executionms",
                served);
        store.executeBatch("INSERT INTO servicelimit_inflight (instanceid, systemuserid, inflight, reportedon) "
                + "VALUES (?, ?, ?, now()) ON CONFLICT (instanceid, systemuserid) DO UPDATE SET "
                + "inflight = excluded.inflight, reportedon = excluded.reportedon", inFlight);
        readBack();
        if (++syncs % 60 == 0) {
            store.execute("DELETE FROM servicelimit_bucket WHERE bucketstart < now() - ? * interval '1 second' "
                    + "- interval '10 seconds'", List.of(limits.window().toSeconds()));
            store.execute("DELETE FROM servicelimit_inflight WHERE reportedon < now() - interval '1 minute'",
                    List.of());
        }
    }

    private void readBack() {
        long window = limits.window().toSeconds();
        Map<UUID, Map<String, Object>> sums = new HashMap<>();
        store.query(Sql.of("SELECT systemuserid, sum(requests) AS requests, sum(executionms) AS executionms, "
                + "ceil(extract(epoch FROM min(bucketstart) + ? * interval '1 second' + interval '10 seconds' "
                + "- now())) AS retryafter FROM servicelimit_bucket "
                + "WHERE bucketstart > now() - ? * interval '1 second' - interval '10 seconds' GROUP BY systemuserid",
                window, window)).forEach(row -> sums.put((UUID) row.get("systemuserid"), row));
        Map<UUID, Integer> others = new HashMap<>();
        store.query(Sql.of("SELECT systemuserid, sum(inflight) AS inflight FROM servicelimit_inflight "
                + "WHERE instanceid <> ? AND inflight > 0 AND reportedon > now() - interval '10 seconds' "
                + "GROUP BY systemuserid", instanceId))
                .forEach(row -> others.put((UUID) row.get("systemuserid"), ((Number) row.get("inflight")).intValue()));
        sums.keySet().forEach(user -> users.computeIfAbsent(user, key -> new UserLoad()));
        others.keySet().forEach(user -> users.computeIfAbsent(user, key -> new UserLoad()));
        users.forEach((user, load) -> {
            Map<String, Object> sum = sums.get(user);
            load.windowRequests = sum == null ? 0 : ((Number) sum.get("requests")).longValue();
            load.windowMillis = sum == null ? 0 : ((Number) sum.get("executionms")).longValue();
            load.retryAfter = sum == null ? 1 : Math.max(1, ((Number) sum.get("retryafter")).longValue());
            load.othersInFlight = others.getOrDefault(user, 0);
        });
        users.entrySet().removeIf(entry -> entry.getValue().idle());
    }

    /** One user's load as this instance sees it. */
    private static final class UserLoad {
        final LongAdder pendingRequests = new LongAdder();
        final LongAdder pendingMillis = new LongAdder();
        final AtomicInteger inFlight = new AtomicInteger();
        volatile long windowRequests;
        volatile long windowMillis;
        volatile long retryAfter = 1;
        volatile int othersInFlight;
        volatile int reportedInFlight;

        long requests() {
            return windowRequests + pendingRequests.sum();
        }

        long executionMillis() {
            return windowMillis + pendingMillis.sum();
        }

        boolean idle() {
            return windowRequests == 0 && windowMillis == 0 && othersInFlight == 0 && reportedInFlight == 0
                    && inFlight.get() == 0 && pendingRequests.sum() == 0 && pendingMillis.sum() == 0;
        }
    }
}
