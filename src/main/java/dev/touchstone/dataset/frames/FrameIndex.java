package dev.touchstone.dataset.frames;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The index of a frame pack: per frame its timestamp (ns, strictly increasing), byte offset and length in the data
 * blob. Layout "TSFI" (little-endian): magic, u16 version, u16 reserved, u32 count, u32 reserved, then per frame
 * i64 timestamp, i64 offset, i32 length, i32 reserved.
 */
public final class FrameIndex {

    public static final int MAGIC = 'T' | 'S' << 8 | 'F' << 16 | 'I' << 24;
    public static final int VERSION = 1;
    static final int HEADER_LENGTH = 16;
    static final int ENTRY_LENGTH = 24;
    /** Far more frames than any episode has (a day at 1 kHz), so a corrupt count cannot exhaust memory. */
    static final int MAX_FRAMES = 100_000_000;

    private final long[] timestamps;
    private final long[] offsets;
    private final int[] lengths;

    FrameIndex(long[] timestamps, long[] offsets, int[] lengths) {
        this.timestamps = timestamps;
        this.offsets = offsets;
        this.lengths = lengths;
    }

    public int size() {
        return timestamps.length;
    }

    public long timestamp(int frame) {
        return timestamps[frame];
    }

    public long offset(int frame) {
        return offsets[frame];
    }

    public int length(int frame) {
        return lengths[frame];
    }

    /** A copy of all timestamps. */
    public long[] timestamps() {
        return timestamps.clone();
    }

    /** The frame on screen at time t: the last frame whose timestamp is {@code <= t}, or -1 before the first. */
    public int frameAt(long t) {
        int i = Arrays.binarySearch(timestamps, t);
        return i >= 0 ? i : -i - 2;
    }

    void writeTo(OutputStream out) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(MAGIC).putShort((short) VERSION).putShort((short) 0).putInt(size()).putInt(0);
        out.write(header.array());
        ByteBuffer entry = ByteBuffer.allocate(ENTRY_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < size(); i++) {
            entry.clear();
            entry.putLong(timestamps[i]).putLong(offsets[i]).putInt(lengths[i]).putInt(0);
            out.write(entry.array());
        }
    }

    /**
     * Writes an index of timestamps only (offsets and lengths 0): videos keep their frames in the video file, and
     * the index tells the player when each frame is presented.
     *
     * @throws IllegalArgumentException when the timestamps do not increase strictly
     */
    public static FrameIndex writeTimestamps(java.nio.file.Path file, long[] timestamps) throws IOException {
        for (int i = 1; i < timestamps.length; i++) {
            if (timestamps[i] <= timestamps[i - 1]) {
                throw new IllegalArgumentException("timestamp " + timestamps[i] + " ns of frame " + i
                        + " is not after the previous frame's " + timestamps[i - 1] + " ns");
            }
        }
        FrameIndex index = new FrameIndex(timestamps.clone(), new long[timestamps.length],
                new int[timestamps.length]);
        try (OutputStream out = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(file))) {
            index.writeTo(out);
        }
        return index;
    }

    /** Reads and checks an index; {@code source} names it in errors. */
    public static FrameIndex read(InputStream in, String source) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] headerBytes = new byte[HEADER_LENGTH];
        try {
            data.readFully(headerBytes);
        } catch (java.io.EOFException e) {
            throw new IOException(source + ": frame index is shorter than its header");
        }
        ByteBuffer header = ByteBuffer.wrap(headerBytes).order(ByteOrder.LITTLE_ENDIAN);
        if (header.getInt() != MAGIC) {
            throw new IOException(source + ": not a frame index (bad magic)");
        }
        int version = Short.toUnsignedInt(header.getShort());
        if (version != VERSION) {
            throw new IOException(source + ": frame index version " + version + " is not supported");
        }
        header.getShort();
        int count = header.getInt();
        if (count < 0 || count > MAX_FRAMES) {
            throw new IOException(source + ": frame index claims " + Integer.toUnsignedString(count) + " frames");
        }
        long[] timestamps = new long[count];
        long[] offsets = new long[count];
        int[] lengths = new int[count];
        byte[] entries = new byte[ENTRY_LENGTH * 4096];
        int read = 0;
        while (read < count) {
            int n = Math.min(4096, count - read);
            try {
                data.readFully(entries, 0, n * ENTRY_LENGTH);
            } catch (java.io.EOFException e) {
                throw new IOException(source + ": frame index is truncated after " + read + " of " + count
                        + " frames");
            }
            ByteBuffer buffer = ByteBuffer.wrap(entries, 0, n * ENTRY_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                int frame = read + i;
                timestamps[frame] = buffer.getLong();
                offsets[frame] = buffer.getLong();
                lengths[frame] = buffer.getInt();
                buffer.getInt();
                if (frame > 0 && timestamps[frame] <= timestamps[frame - 1]) {
                    throw new IOException(source + ": frame index timestamps do not increase at frame " + frame);
                }
                if (offsets[frame] < 0 || lengths[frame] < 0) {
                    throw new IOException(source + ": frame " + frame + " has a negative offset or length");
                }
            }
            read += n;
        }
        return new FrameIndex(timestamps, offsets, lengths);
    }
}
