package dev.webhookverifier.replay;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded, expiring replay store for a single process.
 *
 * <p>Each operation is constant time: a {@link ConcurrentHashMap} holds the keys, and a queue in insertion
 * order lets every claim evict a few expired entries from its head, so expired keys never pile up.
 *
 * <p><b>When full:</b> if {@code maxEntries} unexpired keys are held, a new claim fails with
 * {@link ReplayStoreException} (the verifier answers {@code STORE_UNAVAILABLE}, retryable) rather than
 * silently forgetting an old key, which would let a captured request be replayed. Size it for your peak
 * deliveries per retention window.
 *
 * <p><b>Thread safety:</b> thread-safe; claims on one key are atomic. It does not span processes: a cluster
 * needs a shared store ({@code verifier-redis}).
 */
final class InMemoryReplayStore implements ReplayStore {
    private static final int EVICTIONS_PER_CLAIM = 4;

    private static final class Entry {
        final String key;
        final String token;
        boolean completed;
        long expiresAtMillis;

        Entry(String key, String token, long expiresAtMillis) {
            this.key = key;
            this.token = token;
            this.expiresAtMillis = expiresAtMillis;
        }
    }

    private final int maxEntries;
    private final Clock clock;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final Queue<Entry> insertionOrder = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong tokens = new AtomicLong();
    private final AtomicLong lastSweepMillis = new AtomicLong(Long.MIN_VALUE / 2);
    private final String tokenPrefix = UUID.randomUUID().toString();
    private final ReentrantLock eviction = new ReentrantLock();

    InMemoryReplayStore(int maxEntries, Clock clock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1");
        }
        this.maxEntries = maxEntries;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Claim claim(String key, Duration lease) throws ReplayStoreException {
        long now = clock.millis();
        evictExpired(now);
        Claim claim = tryClaim(key, lease, now);
        if (claim == null && sweepExpired(now)) {
            claim = tryClaim(key, lease, now);
        }
        if (claim == null) {
            throw new ReplayStoreException("in-memory replay store is full (" + maxEntries
                    + " unexpired keys); raise maxEntries or use a shared store");
        }
        return claim;
    }

    /** The claim outcome, or {@code null} if the store is full. */
    private Claim tryClaim(String key, Duration lease, long now) {
        String token = tokenPrefix + ':' + tokens.incrementAndGet();
        Entry[] created = new Entry[1];
        Boolean[] duplicateCompleted = new Boolean[1];
        boolean[] full = new boolean[1];
        entries.compute(key, (k, current) -> {
            if (current != null && current.expiresAtMillis > now) {
                duplicateCompleted[0] = current.completed;
                return current;
            }
            if (current == null) {
                // Reserve a slot first, so concurrent claims on different keys cannot overshoot the bound.
                if (size.incrementAndGet() > maxEntries) {
                    size.decrementAndGet();
                    full[0] = true;
                    return null;
                }
            }
            created[0] = new Entry(k, token, now + lease.toMillis());
            return created[0];
        });
        if (full[0]) {
            return null;
        }
        if (duplicateCompleted[0] != null) {
            return Claim.duplicate(key, duplicateCompleted[0]);
        }
        insertionOrder.add(created[0]);
        if (queued.incrementAndGet() > 2 * maxEntries + EVICTIONS_PER_CLAIM) {
            compactQueue();
        }
        return Claim.acquired(key, token);
    }

    @Override
    public void complete(Claim claim, Duration retention) {
        long now = clock.millis();
        entries.computeIfPresent(claim.key(), (k, current) -> {
            // Mutated only inside the map's per-key lock, like every read of these fields.
            if (current.token.equals(claim.token())) {
                current.completed = true;
                current.expiresAtMillis = now + retention.toMillis();
            }
            return current;
        });
    }

    @Override
    public void release(Claim claim) {
        entries.computeIfPresent(claim.key(), (k, current) -> {
            // A completed delivery stays remembered: releasing it would reopen it to replays.
            if (current.token.equals(claim.token()) && !current.completed) {
                size.decrementAndGet();
                return null;
            }
            return current;
        });
    }

    /** Removes expired entries from the head of the insertion queue; a few per call keeps pace with inserts. */
    private void evictExpired(long now) {
        if (!eviction.tryLock()) {
            return;
        }
        try {
            for (int i = 0; i < EVICTIONS_PER_CLAIM; i++) {
                Entry head = insertionOrder.peek();
                if (head == null) {
                    return;
                }
                if (entries.get(head.key) == head) {
                    boolean[] removed = new boolean[1];
                    entries.computeIfPresent(head.key, (k, current) -> {
                        if (current == head && current.expiresAtMillis <= now) {
                            size.decrementAndGet();
                            removed[0] = true;
                            return null;
                        }
                        return current;
                    });
                    if (!removed[0] && entries.get(head.key) == head) {
                        return; // the oldest live entry has not expired yet
                    }
                }
                insertionOrder.poll();
                queued.decrementAndGet();
            }
        } finally {
            eviction.unlock();
        }
    }

    /**
     * Completing an entry extends its expiry, so insertion order is not expiry order and expired entries can sit
     * behind a live head. When the store looks full, one full sweep finds them; it runs at most once a second so a
     * store that really is full of live keys does not pay it on every claim.
     *
     * @return whether anything was removed
     */
    private boolean sweepExpired(long now) {
        long last = lastSweepMillis.get();
        if (now - last < 1000 || !lastSweepMillis.compareAndSet(last, now)) {
            return false;
        }
        boolean[] removed = new boolean[1];
        for (String key : entries.keySet()) {
            entries.computeIfPresent(key, (k, current) -> {
                if (current.expiresAtMillis <= now) {
                    size.decrementAndGet();
                    removed[0] = true;
                    return null;
                }
                return current;
            });
        }
        return removed[0];
    }

    /** Drops queue nodes of released or replaced entries; runs once per {@code maxEntries} claims at most. */
    private void compactQueue() {
        eviction.lock();
        try {
            insertionOrder.removeIf(e -> {
                if (entries.get(e.key) != e) {
                    queued.decrementAndGet();
                    return true;
                }
                return false;
            });
        } finally {
            eviction.unlock();
        }
    }

    @Override
    public String toString() {
        return "InMemoryReplayStore[" + size.get() + "/" + maxEntries + " keys]";
    }
}
