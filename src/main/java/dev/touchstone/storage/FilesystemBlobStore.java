package dev.touchstone.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Blobs as files under a root directory; the key is the relative path. A write goes to a temporary file in the
 * target's own directory ({@code .tmp-*}), is flushed to disk and then renamed over the target atomically, so
 * readers see the old or the new blob, never a partial one. The SHA-256 is kept in the user extended attribute
 * {@code user.touchstone.sha256}, set on the temporary file before the rename (so it moves with the content); on
 * filesystems without user attributes {@link #info} reports no SHA-256.
 */
final class FilesystemBlobStore implements BlobStore {

    private static final Logger log = LoggerFactory.getLogger(FilesystemBlobStore.class);
    private static final String SHA256_ATTRIBUTE = "touchstone.sha256";
    /** Large enough that per-call overhead (system calls, digest setup) is small against the bytes moved. */
    private static final int BUFFER_SIZE = 1024 * 1024;

    private final Path root;

    FilesystemBlobStore(Path root) {
        try {
            this.root = Files.createDirectories(root).toRealPath();
        } catch (IOException e) {
            throw new BlobStoreException("Cannot create the blob directory " + root.toAbsolutePath() + ": "
                    + describe(e) + ". Set TOUCHSTONE_DATA_DIR to a writable folder.", e);
        }
        if (!Files.isWritable(this.root)) {
            throw new BlobStoreException("The blob directory " + this.root + " is not writable. Set "
                    + "TOUCHSTONE_DATA_DIR to a writable folder.");
        }
    }

    Path root() {
        return root;
    }

    @Override
    public String describe() {
        return "filesystem, directory " + root;
    }

    private Path path(String key) {
        Path path = root.resolve(BlobKeys.requireValid(key)).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("Blob key '" + key + "' leaves the blob directory");
        }
        return path;
    }

    @Override
    public BlobInfo put(String key, InputStream content, long length) {
        path(key);
        if (length < -1) {
            throw new IllegalArgumentException("length must be -1 (unknown) or the exact size, was " + length);
        }
        return store(key, temp -> {
            MessageDigest digest = StorageIo.sha256();
            long written = 0;
            byte[] buffer = new byte[BUFFER_SIZE];
            ByteBuffer wrapped = ByteBuffer.wrap(buffer);
            int n;
            while ((n = content.read(buffer)) >= 0) {
                if (length >= 0 && written + n > length) {
                    throw StorageIo.lengthMismatch(key, length, written + n);
                }
                wrapped.clear().limit(n);
                while (wrapped.hasRemaining()) {
                    temp.write(wrapped);
                }
                digest.update(buffer, 0, n);
                written += n;
            }
            if (length >= 0 && written != length) {
                throw StorageIo.lengthMismatch(key, length, written);
            }
            return new Written(written, StorageIo.hex(digest.digest()));
        });
    }

    /**
     * A file is copied by the kernel ({@code transferTo}, i.e. copy_file_range or sendfile) on a helper thread while
     * this thread hashes it from the page cache: SHA-256 runs at about 1 GB/s per core here and is the limit of a
     * copy-then-hash loop, so overlapping the two nearly halves the time of storing a large stream file. The size is
     * taken once; a file that grows meanwhile is stored (and hashed) up to that size.
     */
    @Override
    public BlobInfo put(String key, Path file) {
        path(key);
        try (FileChannel source = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = source.size();
            return store(key, temp -> {
                Throwable[] copyFailure = new Throwable[1];
                long[] copied = new long[1];
                Thread copier = Thread.ofPlatform().name("blob-copy").start(() -> {
                    try {
                        while (copied[0] < size) {
                            long n = source.transferTo(copied[0], size - copied[0], temp);
                            if (n <= 0) {
                                throw new IOException(file + " ended at " + copied[0] + " of " + size
                                        + " bytes while it was stored");
                            }
                            copied[0] += n;
                        }
                    } catch (Throwable e) {
                        copyFailure[0] = e;
                    }
                });
                MessageDigest digest = StorageIo.sha256();
                try (FileChannel hashed = FileChannel.open(file, StandardOpenOption.READ)) {
                    ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
                    long read = 0;
                    while (read < size) {
                        buffer.clear().limit((int) Math.min(buffer.capacity(), size - read));
                        int n = hashed.read(buffer, read);
                        if (n < 0) {
                            throw new IOException(file + " shrank while it was stored");
                        }
                        digest.update(buffer.array(), 0, n);
                        read += n;
                    }
                } finally {
                    joinUninterruptibly(copier);
                }
                if (copyFailure[0] instanceof IOException e) {
                    throw e;
                }
                if (copyFailure[0] != null) {
                    throw new IOException("Copying " + file + " failed: " + copyFailure[0], copyFailure[0]);
                }
                return new Written(copied[0], StorageIo.hex(digest.digest()));
            });
        } catch (NoSuchFileException e) {
            throw new BlobStoreException("Cannot read " + file + " to store it as '" + key + "': no such file", e);
        } catch (IOException e) {
            throw new BlobStoreException("Cannot read " + file + " to store it as '" + key + "': " + describe(e), e);
        }
    }

    /** A kernel copy, fsync and atomic rename, like {@code cp} followed by {@code sync}. */
    @Override
    public BlobInfo putWithoutHash(String key, Path file) {
        path(key);
        try (FileChannel source = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = source.size();
            return store(key, temp -> {
                long copied = 0;
                while (copied < size) {
                    long n = source.transferTo(copied, size - copied, temp);
                    if (n <= 0) {
                        throw new IOException(file + " ended at " + copied + " of " + size
                                + " bytes while it was stored");
                    }
                    copied += n;
                }
                return new Written(copied, null);
            });
        } catch (NoSuchFileException e) {
            throw new BlobStoreException("Cannot read " + file + " to store it as '" + key + "': no such file", e);
        } catch (IOException e) {
            throw new BlobStoreException("Cannot read " + file + " to store it as '" + key + "': " + describe(e), e);
        }
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private record Written(long bytes, String sha256) {
    }

    private interface TempWriter {
        /** Writes the content into the temporary file's channel and returns what it wrote. */
        Written write(FileChannel temp) throws IOException;
    }

    /** The write protocol shared by both puts: temporary file, content, fsync, SHA-256 attribute, atomic rename. */
    private BlobInfo store(String key, TempWriter writer) {
        Path target = path(key);
        Path directory = target.getParent();
        Path temp = null;
        try {
            try {
                Files.createDirectories(directory);
            } catch (FileAlreadyExistsException | NotDirectoryException e) {
                throw new BlobStoreException("Cannot store '" + key + "': a blob exists where its folder would be ("
                        + e.getFile() + "); a key cannot be both a blob and a prefix of "
                        + "other keys in the filesystem store", e);
            }
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new BlobStoreException("Cannot store '" + key + "': other blobs live under '" + key
                        + "/'; a key cannot be both a blob and a prefix of other keys in the filesystem store");
            }
            temp = Files.createTempFile(directory, BlobKeys.RESERVED_PREFIX, ".part");
            Written written;
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                written = writer.write(channel);
                channel.force(true);
            }
            if (written.sha256() != null) {
                writeSha256(temp, written.sha256());
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
            syncDirectory(directory);
            return new BlobInfo(key, written.bytes(), written.sha256(),
                    Files.getLastModifiedTime(target).toInstant());
        } catch (IOException e) {
            throw new BlobStoreException("Cannot store blob '" + key + "' in " + root + ": " + describe(e), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    log.warn("Cannot remove the temporary file {}: {}", temp, e.toString());
                }
            }
        }
    }

    @Override
    public InputStream open(String key) {
        // The whole blob is the range from byte 0 to its end: one read path, one set of error rules.
        return openRange(key, 0, Long.MAX_VALUE);
    }

    @Override
    public InputStream openRange(String key, long offset, long length) {
        StorageIo.checkRange(offset, length);
        Path path = path(key);
        FileChannel channel = null;
        try {
            if (Files.isDirectory(path)) {
                throw new BlobNotFoundException(key);
            }
            channel = FileChannel.open(path, StandardOpenOption.READ);
            long size = channel.size();
            if (offset > size) {
                throw StorageIo.rangePastEnd(key, offset, size);
            }
            channel.position(offset);
            InputStream in = StorageIo.bounded(Channels.newInputStream(channel), Math.min(length, size - offset));
            channel = null;
            return in;
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(key);
        } catch (IOException e) {
            if (missing(path)) {
                throw new BlobNotFoundException(key);
            }
            throw new BlobStoreException("Cannot read blob '" + key + "': " + describe(e), e);
        } finally {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // the read already failed
                }
            }
        }
    }

    @Override
    public Optional<BlobInfo> info(String key) {
        Path path = path(key);
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(new BlobInfo(key, attributes.size(), readSha256(path),
                    attributes.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            if (missing(path)) {
                return Optional.empty();
            }
            throw new BlobStoreException("Cannot read blob '" + key + "': " + describe(e), e);
        }
    }

    @Override
    public void delete(String key) {
        Path path = path(key);
        try {
            if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            if (missing(path)) {
                return;
            }
            throw new BlobStoreException("Cannot delete blob '" + key + "': " + describe(e), e);
        }
    }

    @Override
    public Stream<BlobInfo> list(String prefix) {
        BlobKeys.requireValidPrefix(prefix);
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(start)) {
            return Stream.empty();
        }
        Stream<Path> walk;
        try {
            walk = Files.walk(start);
        } catch (NoSuchFileException deletedMeanwhile) {
            // Removed between the check above and the walk (a sweep deleting the same prefix): nothing to list.
            return Stream.empty();
        } catch (IOException e) {
            throw new BlobStoreException("Cannot list blobs under '" + prefix + "': " + describe(e), e);
        }
        return walk
                .filter(path -> !path.getFileName().toString().startsWith(BlobKeys.RESERVED_PREFIX))
                .map(path -> {
                    try {
                        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                        if (!attributes.isRegularFile()) {
                            return null;
                        }
                        String key = root.relativize(path).toString().replace(path.getFileSystem().getSeparator(),
                                "/");
                        return new BlobInfo(key, attributes.size(), null, attributes.lastModifiedTime().toInstant());
                    } catch (NoSuchFileException e) {
                        return null; // deleted while listing
                    } catch (IOException e) {
                        throw new BlobStoreException("Cannot list blobs under '" + prefix + "': " + describe(e), e);
                    }
                })
                .filter(info -> info != null && info.key().startsWith(prefix));
    }

    /** Sub-folders, whatever they hold: a folder with only a killed write's {@code .tmp-*.part} is listed too. */
    @Override
    public Stream<String> folders(String prefix) {
        Path folder = folder(prefix);
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return Stream.empty();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(path -> Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS))
                    .map(path -> path.getFileName().toString()).toList().stream();
        } catch (IOException e) {
            throw new BlobStoreException("Cannot list folders under '" + prefix + "': " + describe(e), e);
        }
    }

    /** The blobs, the temporary files of unfinished writes and the folders under the prefix. */
    @Override
    public int deleteAll(String prefix) {
        Path folder = folder(prefix);
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        int[] blobs = new int[1];
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                boolean file = Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS);
                if (Files.deleteIfExists(path) && file
                        && !path.getFileName().toString().startsWith(BlobKeys.RESERVED_PREFIX)) {
                    blobs[0]++;
                }
            }
        } catch (IOException e) {
            throw new BlobStoreException("Cannot delete the blobs under '" + prefix + "': " + describe(e), e);
        }
        return blobs[0];
    }

    private Path folder(String prefix) {
        BlobKeys.requireValidPrefix(prefix);
        if (prefix.isEmpty() || !prefix.endsWith("/")) {
            throw new IllegalArgumentException("A folder prefix ends with '/' and is not empty, got '" + prefix + "'");
        }
        Path folder = root.resolve(prefix.substring(0, prefix.length() - 1)).normalize();
        if (!folder.startsWith(root) || folder.equals(root)) {
            throw new IllegalArgumentException("Blob key prefix '" + prefix + "' leaves the blob directory");
        }
        return folder;
    }

    /** Makes the rename itself durable (Linux, macOS); where directories cannot be opened this is skipped. */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            log.trace("Cannot sync directory {}: {}", directory, e.toString());
        }
    }

    /** Not there, including "a parent is a blob" (ENOTDIR), which the JDK reports as a generic I/O error. */
    private static boolean missing(Path path) {
        return Files.notExists(path, LinkOption.NOFOLLOW_LINKS);
    }

    private static void writeSha256(Path file, String sha256) {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        if (view == null) {
            return;
        }
        try {
            view.write(SHA256_ATTRIBUTE, StandardCharsets.US_ASCII.encode(sha256));
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("No extended attributes on {}: {}", file, e.toString());
        }
    }

    private static String readSha256(Path file) {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        if (view == null) {
            return null;
        }
        try {
            ByteBuffer buffer = ByteBuffer.allocate(64);
            if (view.size(SHA256_ATTRIBUTE) != 64) {
                return null;
            }
            view.read(SHA256_ATTRIBUTE, buffer);
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied (" + e.getMessage() + ")";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason() + " (" + fse.getFile() + ")";
        }
        return e.toString();
    }
}
