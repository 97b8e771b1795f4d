package dev.touchstone.media.api;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * A least-recently-used cache bounded by a total weight (entries, or frames of an index), so that a server with many
 * episodes keeps a fixed amount of reader state. Loading happens outside the lock: two first requests for the same
 * stream may both load, and the first stored wins; that is cheaper than making every request wait on one loader.
 */
final class ReaderCache<V> {

    interface Loader<V> {
        V load() throws IOException;
    }

    private final long maxWeight;
    private final ToLongFunction<V> weigher;
    private final LinkedHashMap<String, V> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long weight;
    private long loads;

    ReaderCache(long maxWeight, ToLongFunction<V> weigher) {
        if (maxWeight < 1) {
            throw new IllegalArgumentException("a cache needs a positive capacity");
        }
        this.maxWeight = maxWeight;
        this.weigher = weigher;
    }

    V get(String key, Loader<V> loader) throws IOException {
        synchronized (this) {
            V cached = entries.get(key);
            if (cached != null) {
                return cached;
            }
        }
        V loaded = loader.load();
        synchronized (this) {
            loads++;
            V raced = entries.get(key);
            if (raced != null) {
                return raced;
            }
            entries.put(key, loaded);
            weight += weigher.applyAsLong(loaded);
            Iterator<Map.Entry<String, V>> eldest = entries.entrySet().iterator();
            // The entry just added stays even if it alone is over the limit: the request needs it.
            while (weight > maxWeight && entries.size() > 1) {
                Map.Entry<String, V> entry = eldest.next();
                if (entry.getKey().equals(key)) {
                    continue;
                }
                weight -= weigher.applyAsLong(entry.getValue());
                eldest.remove();
            }
            return loaded;
        }
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized long weight() {
        return weight;
    }

    /** How many times a loader ran (misses), for tests and measurements. */
    synchronized long loads() {
        return loads;
    }
}
