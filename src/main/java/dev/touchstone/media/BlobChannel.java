package dev.touchstone.media;

import dev.touchstone.storage.BlobNotFoundException;
import dev.touchstone.storage.BlobStore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * A read-only view of one blob as a {@link SeekableByteChannel}, so that readers written against files (the signal
 * reader) work on any blob store. Reads are served from a few cached pages of the blob (aligned, {@code pageSize}
 * bytes each, least recently used replaced); a page that is missing costs one ranged read of the store
 * ({@link BlobStore#openRange}). Pages, not one read-ahead buffer, because the signal reader walks several columns of
 * a chunk in turn and comes back to each: measured on a 64-channel signal, one 64 KiB buffer needed 157 store reads
 * per window, while 16 pages would have served over 90 % of those from memory. Reads of at least a page go straight
 * to the store. Only the pages are held, never the blob; they are allocated as they are first needed.
 * <p>
 * Blobs of stored streams are written once, so the size is taken when the channel opens and pages never go stale.
 * Not thread-safe (position is shared state); the signal reader synchronizes its queries.
 */
public final class BlobChannel implements SeekableByteChannel {

    public static final int DEFAULT_PAGE_SIZE = 64 * 1024;
    public static final int DEFAULT_PAGES = 16;

    private final BlobStore blobs;
    private final String key;
    private final long size;
    private final int pageSize;
    private final int maxPages;
    private final LinkedHashMap<Long, byte[]> pages = new LinkedHashMap<>(32, 0.75f, true);
    private long position;
    private boolean open = true;
    private long rangeReads;

    private BlobChannel(BlobStore blobs, String key, long size, int pageSize, int maxPages) {
        this.blobs = blobs;
        this.key = key;
        this.size = size;
        this.pageSize = pageSize;
        this.maxPages = maxPages;
    }

    /** @throws BlobNotFoundException when there is no such blob */
    public static BlobChannel open(BlobStore blobs, String key, int pageSize, int pages) {
        if (pageSize < 1 || pages < 1) {
            throw new IllegalArgumentException("a blob channel needs at least one page of at least one byte");
        }
        long size = blobs.info(key).orElseThrow(() -> new BlobNotFoundException(key)).size();
        return new BlobChannel(blobs, key, size, pageSize, pages);
    }

    public static BlobChannel open(BlobStore blobs, String key) {
        return open(blobs, key, DEFAULT_PAGE_SIZE, DEFAULT_PAGES);
    }

    /** How many ranged reads the store has served for this channel (for measurements). */
    public long rangeReads() {
        return rangeReads;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        ensureOpen();
        if (position >= size) {
            return -1;
        }
        int wanted = (int) Math.min(dst.remaining(), size - position);
        if (wanted == 0) {
            return 0;
        }
        if (wanted >= pageSize) {
            // A page or more: caching it would only push out the pages that small reads come back to.
            int n = fetch(position, dst, wanted);
            position += n;
            return n;
        }
        int done = 0;
        while (done < wanted) {
            long page = position / pageSize;
            byte[] bytes = page(page);
            int at = (int) (position - page * pageSize);
            int n = Math.min(wanted - done, bytes.length - at);
            dst.put(bytes, at, n);
            position += n;
            done += n;
        }
        return done;
    }

    private byte[] page(long page) throws IOException {
        byte[] bytes = pages.get(page);
        if (bytes != null) {
            return bytes;
        }
        long start = page * pageSize;
        int length = (int) Math.min(pageSize, size - start);
        byte[] reuse = null;
        if (pages.size() >= maxPages) {
            Iterator<byte[]> eldest = pages.values().iterator();
            reuse = eldest.next();
            eldest.remove();
        }
        bytes = reuse != null && reuse.length == length ? reuse : new byte[length];
        int n = fetch(start, ByteBuffer.wrap(bytes), length);
        if (n != length) {
            throw new IOException("Blob '" + key + "' ended at " + (start + n) + " bytes, shorter than its size "
                    + size);
        }
        pages.put(page, bytes);
        return bytes;
    }

    private int fetch(long from, ByteBuffer into, int length) throws IOException {
        rangeReads++;
        int done = 0;
        try (InputStream in = blobs.openRange(key, from, length)) {
            byte[] scratch = into.hasArray() ? null : new byte[Math.min(length, 1 << 16)];
            while (done < length) {
                int n;
                if (scratch == null) {
                    n = in.read(into.array(), into.arrayOffset() + into.position(), length - done);
                    if (n > 0) {
                        into.position(into.position() + n);
                    }
                } else {
                    n = in.read(scratch, 0, Math.min(scratch.length, length - done));
                    if (n > 0) {
                        into.put(scratch, 0, n);
                    }
                }
                if (n < 0) {
                    break;
                }
                done += n;
            }
        }
        if (done == 0) {
            throw new IOException("Blob '" + key + "' ended at " + from + " bytes, shorter than its size " + size);
        }
        return done;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() throws IOException {
        ensureOpen();
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        ensureOpen();
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        ensureOpen();
        return size;
    }

    @Override
    public SeekableByteChannel truncate(long newSize) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }
}
