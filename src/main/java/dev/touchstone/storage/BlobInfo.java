package dev.touchstone.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * What the store knows about one blob.
 *
 * @param key          the blob's key
 * @param size         length in bytes
 * @param sha256       lowercase hex SHA-256 of the content, or {@code null} where the store does not have it
 *                     cheaply: {@link BlobStore#put} always returns it (computed while streaming); listings never
 *                     carry it; see {@code docs/storage.md} for when {@link BlobStore#info} does
 * @param lastModified when the blob was last written, as the store reports it; {@code null} in what the S3 store's
 *                     {@code put} returns (S3 does not answer it to an upload; {@link BlobStore#info} has it)
 */
public record BlobInfo(String key, long size, String sha256, Instant lastModified) {

    public BlobInfo {
        Objects.requireNonNull(key, "key");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
    }
}
