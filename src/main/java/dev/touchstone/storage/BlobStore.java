package dev.touchstone.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Stores blobs (media files, sample data) under string keys. Keys follow {@link BlobKeys}; an invalid key is
 * rejected with {@link IllegalArgumentException} before anything is touched. The store knows nothing about
 * organizations: callers start every key with the organization id and check access before calling.
 * <p>
 * Guarantees of every implementation: a reader sees either the complete previous content of a key or the complete
 * new content, never a partly written blob; concurrent writers of one key never produce a mix (the last complete
 * write wins); a failed or short write leaves the previous content in place. Streams returned by {@code open*} and
 * {@code list} must be closed.
 */
public interface BlobStore {

    /**
     * Stores the stream's content under the key, replacing any previous blob, and returns its size and SHA-256.
     * The stream is read to its end but not closed.
     *
     * @param length the exact number of bytes the stream will deliver, or {@code -1} if unknown; when given and the
     *               stream delivers a different number, nothing is stored and a {@link BlobStoreException} is thrown
     */
    BlobInfo put(String key, InputStream content, long length);

    /** Stores a file's content under the key. */
    default BlobInfo put(String key, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return put(key, in, Files.size(file));
        } catch (IOException e) {
            throw new BlobStoreException("Cannot read " + file + " to store it as '" + key + "': " + e.getMessage(), e);
        }
    }

    /**
     * Stores a file like {@link #put(String, Path)} (same atomicity and durability) but may skip computing its
     * SHA-256, which is then absent from the result and from {@link #info}. For bulk imports: hashing is the slowest
     * step of storing a large local file and nobody reads these hashes.
     */
    default BlobInfo putWithoutHash(String key, Path file) {
        return put(key, file);
    }

    /** The whole blob, streamed. @throws BlobNotFoundException when there is no blob with this key */
    InputStream open(String key);

    /**
     * Part of a blob, for HTTP range requests. Bytes {@code offset} to {@code offset + length - 1}; a range reaching
     * past the end is truncated to the end (as HTTP does), {@code offset == size} gives an empty stream, and an
     * offset beyond the size is a {@link BlobStoreException} naming the size.
     *
     * @throws BlobNotFoundException    when there is no blob with this key
     * @throws IllegalArgumentException when offset or length is negative
     */
    InputStream openRange(String key, long offset, long length);

    /** Size, SHA-256 (where stored) and modification time, or empty when there is no such blob. */
    Optional<BlobInfo> info(String key);

    /** Removes the blob; removing a key that does not exist is not an error. */
    void delete(String key);

    /**
     * The blobs whose keys start with the prefix (plain string prefix: {@code "a/b"} matches {@code "a/b/c"} and
     * {@code "a/bc"}; use a trailing {@code /} for "inside"). Fetched lazily page by page; the order is unspecified
     * and {@link BlobInfo#sha256()} is {@code null}. Close the stream (try-with-resources).
     */
    Stream<BlobInfo> list(String prefix);

    /**
     * The names that follow a folder-like prefix (one ending in {@code /}) up to their next {@code /}, each once: for
     * {@code "releases/"} the organization ids that have releases. What an S3 listing with the delimiter {@code /}
     * calls common prefixes, without the prefix and the trailing {@code /}; blobs directly under the prefix are not
     * names. The filesystem store also lists a folder that holds nothing but an unfinished write, so that a sweep can
     * find what a killed process left. Close the stream.
     */
    default Stream<String> folders(String prefix) {
        requireFolder(prefix);
        return list(prefix).map(info -> info.key().substring(prefix.length()))
                .filter(rest -> rest.indexOf('/') > 0)
                .map(rest -> rest.substring(0, rest.indexOf('/')))
                .distinct();
    }

    /**
     * Removes every blob under a folder-like prefix (ending in {@code /}) and returns how many there were; the
     * filesystem store also removes the temporary files of unfinished writes there (a killed process's
     * {@code .tmp-*.part}). Only for what nobody writes any more: a write under the prefix that is still running can
     * recreate its blob afterwards.
     */
    default int deleteAll(String prefix) {
        requireFolder(prefix);
        List<String> keys;
        try (Stream<BlobInfo> blobs = list(prefix)) {
            keys = blobs.map(BlobInfo::key).toList();
        }
        keys.forEach(this::delete);
        return keys.size();
    }

    private static void requireFolder(String prefix) {
        BlobKeys.requireValidPrefix(prefix);
        if (prefix.isEmpty() || !prefix.endsWith("/")) {
            throw new IllegalArgumentException("A folder prefix ends with '/' and is not empty, got '" + prefix + "'");
        }
    }

    /** Where the blobs are, for logs and health output; never contains credentials. */
    String describe();
}
