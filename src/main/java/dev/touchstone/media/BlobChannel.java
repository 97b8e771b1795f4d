package dev.touchstone.media;

import dev.touchstone.storage.BlobNotFoundException;
import dev.touchstone.storage.BlobStore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A read-only view of one blob as a {@link SeekableByteChannel}, so that readers written against files (the signal
 * reader) work on any blob store. Every read that misses the buffer becomes one ranged read of the store
 * ({@link BlobStore#openRange}); it fetches at least {@code readAhead} bytes, because the signal reader reads many
 * small neighbouring columns and on S3 each miss is a request. Only the buffer is held, never the blob.
 * <p>
 * Blobs of stored streams are written once, so the size is taken when the channel opens and the buffer never goes
 * stale. Not thread-safe (position is shared state); the signal reader synchronizes its queries.
 */
public final class BlobChannel implements SeekableByteChannel {

    public static final int DEFAULT_READ_AHEAD = 64 * 1024;

    private final BlobStore blobs;
    private final String key;
    private final long size;
    private final byte[] buffer;
    private long bufferStart;
    private int bufferLength;
    private long position;
    private boolean open = true;
    private long rangeReads;

    private BlobChannel(BlobStore blobs, String key, long size, int readAhead) {
        this.blobs = blobs;
        this.key = key;
        this.size = size;
        this.buffer = new byte[readAhead];
    }

    /** @throws BlobNotFoundException when there is no such blob */
    public static BlobChannel open(BlobStore blobs, String key, int readAhead) {
        if (readAhead < 1) {
            throw new IllegalArgumentException("read-ahead must be at least one byte, was " + readAhead);
        }
        long size = blobs.info(key).orElseThrow(() -> new BlobNotFoundException(key)).size();
        return new BlobChannel(blobs, key, size, readAhead);
    }

    public static BlobChannel open(BlobStore blobs, String key) {
        return open(blobs, key, DEFAULT_READ_AHEAD);
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
        if (position >= bufferStart && position < bufferStart + bufferLength) {
            int at = (int) (position - bufferStart);
            int n = Math.min(wanted, bufferLength - at);
            dst.put(buffer, at, n);
            position += n;
            return n;
        }
        if (wanted >= buffer.length) {
            // Larger than the buffer: copying through it would only add a pass over the bytes.
            int n = fetch(position, dst, wanted);
            position += n;
            return n;
        }
        int length = (int) Math.min(buffer.length, size - position);
        bufferLength = 0;
        bufferStart = position;
        bufferLength = fetch(position, ByteBuffer.wrap(buffer, 0, length), length);
        int n = Math.min(wanted, bufferLength);
        dst.put(buffer, 0, n);
        position += n;
        return n;
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
