package dev.touchstone.media;

import dev.touchstone.storage.BlobInfo;
import dev.touchstone.storage.BlobNotFoundException;
import dev.touchstone.storage.BlobStore;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** A blob store over byte arrays that counts ranged reads, for unit tests of code that reads through the store. */
final class BytesBlobStore implements BlobStore {

    private final Map<String, byte[]> blobs = new HashMap<>();
    int rangeReads;

    @Override
    public BlobInfo put(String key, InputStream content, long length) {
        try {
            blobs.put(key, content.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return info(key).orElseThrow();
    }

    @Override
    public InputStream open(String key) {
        return openRange(key, 0, Long.MAX_VALUE);
    }

    @Override
    public InputStream openRange(String key, long offset, long length) {
        byte[] bytes = blobs.get(key);
        if (bytes == null) {
            throw new BlobNotFoundException(key);
        }
        rangeReads++;
        int from = (int) Math.min(offset, bytes.length);
        return new ByteArrayInputStream(bytes, from, (int) Math.min(length, bytes.length - from));
    }

    @Override
    public Optional<BlobInfo> info(String key) {
        byte[] bytes = blobs.get(key);
        return bytes == null ? Optional.empty() : Optional.of(new BlobInfo(key, bytes.length, null, Instant.EPOCH));
    }

    @Override
    public void delete(String key) {
        blobs.remove(key);
    }

    @Override
    public Stream<BlobInfo> list(String prefix) {
        return blobs.keySet().stream().filter(k -> k.startsWith(prefix)).map(k -> info(k).orElseThrow());
    }

    @Override
    public String describe() {
        return "bytes in memory (test)";
    }
}
