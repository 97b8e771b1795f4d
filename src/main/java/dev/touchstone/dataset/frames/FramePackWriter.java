package dev.touchstone.dataset.frames;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes a frame pack to two local files: frames go to the data file as they come (memory holds only the index:
 * 20 bytes per frame), the index is written at {@link #finish()}.
 */
public final class FramePackWriter implements Closeable {

    private final OutputStream data;
    private final Path indexFile;
    private long[] timestamps = new long[256];
    private long[] offsets = new long[256];
    private int[] lengths = new int[256];
    private int count;
    private long position;
    private boolean finished;

    public FramePackWriter(Path dataFile, Path indexFile) throws IOException {
        this.data = new BufferedOutputStream(Files.newOutputStream(dataFile), 1 << 16);
        this.indexFile = indexFile;
    }

    /**
     * Appends one encoded frame.
     *
     * @throws IllegalArgumentException when the timestamp does not increase; the caller turns it into a message
     *                                  naming its file and stream
     */
    public void append(long timestampNanos, byte[] frame) throws IOException {
        if (finished) {
            throw new IllegalStateException("frame pack already finished");
        }
        if (count > 0 && timestampNanos <= timestamps[count - 1]) {
            throw new IllegalArgumentException("timestamp " + timestampNanos + " ns of frame " + count
                    + " is not after the previous frame's " + timestamps[count - 1] + " ns");
        }
        if (count == timestamps.length) {
            int grown = count * 2;
            timestamps = Arrays.copyOf(timestamps, grown);
            offsets = Arrays.copyOf(offsets, grown);
            lengths = Arrays.copyOf(lengths, grown);
        }
        data.write(frame);
        timestamps[count] = timestampNanos;
        offsets[count] = position;
        lengths[count] = frame.length;
        position += frame.length;
        count++;
    }

    public int count() {
        return count;
    }

    public long lastTimestamp() {
        return count == 0 ? Long.MIN_VALUE : timestamps[count - 1];
    }

    /** The timestamps so far (a copy). */
    public long[] timestamps() {
        return Arrays.copyOf(timestamps, count);
    }

    public long dataBytes() {
        return position;
    }

    /** Closes the data file and writes the index. */
    public FrameIndex finish() throws IOException {
        if (!finished) {
            finished = true;
            data.close();
            FrameIndex index = new FrameIndex(Arrays.copyOf(timestamps, count), Arrays.copyOf(offsets, count),
                    Arrays.copyOf(lengths, count));
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(indexFile))) {
                index.writeTo(out);
            }
            return index;
        }
        throw new IllegalStateException("frame pack already finished");
    }

    @Override
    public void close() throws IOException {
        if (!finished) {
            finished = true;
            data.close();
        }
    }
}
