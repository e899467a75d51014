package dev.mailroom.activity.security;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The callers this instance resolved lately, so that a request does not pay a query for who its caller is and what
 * they may do. Only users that were found are kept (an unknown user is looked up every time, so that one added
 * meanwhile is known at once), each for at most {@code activity.security.cache.caller-ttl}. The cache is emptied
 * whenever users, roles or role assignments change ({@link CallerChangeListener}) and is not used at all while
 * that listener is not connected, so a change reaches every instance at its commit, not at the end of a TTL.
 *
 * <p>A load that started before an emptying is not kept: each load notes the cache's generation first and keeps
 * its result only if no change came in meanwhile.
 */
@ApplicationScoped
public class CallerCache {

    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final long ttlNanos;
    private final int maxEntries;
    private volatile boolean listening;

    public CallerCache(SecurityCacheConfig config) {
        this.ttlNanos = config.callerTtl().toNanos();
        this.maxEntries = config.maxEntries();
    }

    /** How a caller was looked up: by directory object id (a token, CallerObjectId) or by systemuserid. */
    public record Key(boolean objectId, UUID id) {
    }

    private record Entry(Caller caller, long expiresAt) {
    }

    /** The caller under {@code key}, from the cache while fresh, otherwise from {@code load}. */
    public Optional<Caller> get(Key key, Supplier<Optional<Caller>> load) {
        if (!listening || ttlNanos <= 0) {
            return load.get();
        }
        long now = System.nanoTime();
        Entry entry = entries.get(key);
        if (entry != null && now - entry.expiresAt() < 0) {
            return Optional.of(entry.caller());
        }
        long before = generation.get();
        Optional<Caller> loaded = load.get();
        loaded.ifPresent(caller -> keep(key, new Entry(caller, System.nanoTime() + ttlNanos), before));
        return loaded;
    }

    private void keep(Key key, Entry entry, long loadedAt) {
        if (entries.size() >= maxEntries) {
            long now = System.nanoTime();
            entries.values().removeIf(old -> now - old.expiresAt() >= 0);
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
        }
        entries.put(key, entry);
        if (generation.get() != loadedAt) {
            // A change came in while this caller was loaded: what was read may predate it.
            entries.remove(key, entry);
        }
    }

    /** Forgets every caller: users, roles or role assignments changed. */
    public void invalidateAll() {
        generation.incrementAndGet();
        entries.clear();
    }

    /** The change listener is connected: changes will be heard from now on, so the cache may serve again. */
    void listening() {
        invalidateAll();
        listening = true;
    }

    /** The change listener lost its connection: changes could go unheard, so every request looks its caller up. */
    void deaf() {
        listening = false;
        invalidateAll();
    }

    int size() {
        return entries.size();
    }
}
