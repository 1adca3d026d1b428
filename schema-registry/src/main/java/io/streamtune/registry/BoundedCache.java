package io.streamtune.registry;

import java.util.LinkedHashMap;
import java.util.Map;

/** A thread-safe least-recently-used map of at most {@code capacity} entries. */
final class BoundedCache<K, V> {

    private final Map<K, V> entries;

    BoundedCache(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized V get(K key) {
        return entries.get(key);
    }

    synchronized void put(K key, V value) {
        entries.put(key, value);
    }

    synchronized void putIfAbsent(K key, V value) {
        entries.putIfAbsent(key, value);
    }

    synchronized int size() {
        return entries.size();
    }
}
