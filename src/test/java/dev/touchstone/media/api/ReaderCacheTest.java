package dev.touchstone.media.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReaderCacheTest {

    @Test
    void theLeastRecentlyUsedEntriesLeaveWhenTheWeightIsExceeded() throws Exception {
        ReaderCache<String> cache = new ReaderCache<>(10, String::length);
        cache.get("a", () -> "aaaa");
        cache.get("b", () -> "bbbb");
        cache.get("a", () -> "not loaded again");
        cache.get("c", () -> "cccc");
        assertThat(cache.loads()).isEqualTo(3);
        assertThat(cache.weight()).isEqualTo(8);
        assertThat(cache.get("a", () -> "reloaded")).isEqualTo("aaaa");
        assertThat(cache.get("b", () -> "reloaded")).as("b was the least recently used").isEqualTo("reloaded");
    }

    @Test
    void anEntryHeavierThanTheWholeCacheIsStillServed() throws Exception {
        ReaderCache<String> cache = new ReaderCache<>(3, String::length);
        cache.get("small", () -> "x");
        assertThat(cache.get("big", () -> "yyyyyy")).isEqualTo("yyyyyy");
        assertThat(cache.size()).isEqualTo(1);
    }
}
