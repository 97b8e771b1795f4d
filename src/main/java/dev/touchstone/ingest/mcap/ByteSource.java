package dev.touchstone.ingest.mcap;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.util.zip.CRC32;

/**
 * Positional reads from a channel. Small reads (record prefixes, small records) are served from a read-ahead
 * window so a file of many small records costs one system call per window, not several per record; large reads
 * (chunks) go straight into their own array. Nothing ever reads past the size the channel had when opened.
 */
final class ByteSource implements Closeable {

    private static final int WINDOW = 64 * 1024;

    private final SeekableByteChannel channel;
    private final String name;
    private final long size;
    private final ByteBuffer window = ByteBuffer.allocate(WINDOW);
    private long windowStart = -1;

    ByteSource(SeekableByteChannel channel, String name) {
        this.channel = channel;
        this.name = name;
        try {
            this.size = channel.size();
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot read the file size", e);
        }
    }

    String name() {
        return name;
    }

    long size() {
        return size;
    }

    /**
     * Exactly {@code length} bytes from {@code position} in a fresh little-endian buffer. The caller checks the range
     * against the file size first, so that it can name the record that is cut short.
     */
    ByteBuffer read(long position, int length) {
        if (position < 0 || length < 0 || position > size - length) {
            throw new IllegalArgumentException("read of " + length + " bytes at " + position + " outside a file of "
                    + size + " bytes");
        }
        byte[] out = new byte[length];
        if (length <= WINDOW) {
            if (windowStart < 0 || position < windowStart || position + length > windowStart + window.limit()) {
                fill(position);
            }
            window.get((int) (position - windowStart), out, 0, length);
        } else {
            readFully(position, ByteBuffer.wrap(out));
        }
        return ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Adds {@code length} bytes from {@code position} to a CRC without holding them all in memory at once. */
    void updateCrc(CRC32 crc, long position, long length) {
        long done = 0;
        while (done < length) {
            int step = (int) Math.min(WINDOW, length - done);
            crc.update(read(position + done, step));
            done += step;
        }
    }

    private void fill(long position) {
        windowStart = -1;
        window.clear();
        window.limit((int) Math.min(WINDOW, size - position));
        readFully(position, window);
        window.flip();
        windowStart = position;
    }

    private void readFully(long position, ByteBuffer target) {
        try {
            long at = position;
            channel.position(at);
            while (target.hasRemaining()) {
                int read = channel.read(target);
                if (read < 0) {
                    // The channel shrank after it was opened (a file still being written or truncated meanwhile).
                    throw McapException.ofFile(name, "ended at offset " + at + " while reading, although it was "
                            + size + " bytes when opened");
                }
                at += read;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": read failed at offset " + position, e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
