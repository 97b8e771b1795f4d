package dev.touchstone.dataset.signal;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * Writes a signal file (layout in {@code docs/formats/signal.md}) from samples that arrive in strictly increasing
 * time order.
 * <p>
 * Besides the raw samples and the min/max pyramid (for drawing), the file holds time-bucket summaries (version 2):
 * per bucket of {@link Options#summaryNanos()} episode time (10 ms) and channel the count, mean, min and max, so
 * that analyses at that resolution (the signal proposers) read one record per bucket instead of every sample.
 * <p>
 * Values are stored as float32: enough for drawing and for labelling by eye, but not bit-exact for doubles; the
 * exact values stay in the original recording, which Touchstone keeps. {@code NaN} marks a dropout: it is stored as
 * is, ignored by the pyramid's min/max, and a bucket with only NaN samples has NaN min and max, which the player draws
 * as a gap.
 * <p>
 * Memory is bounded by the chunk size and the number of levels, never by the number of samples: each level (raw
 * samples and every pyramid level) keeps one chunk in memory and appends full chunks to its own temporary file;
 * {@link #finish()} writes the header, whose level table needs the final counts, and then copies the temporary
 * files to the output one after the other (the second pass). {@link #close()} deletes the temporary files; a writer
 * closed without {@code finish()} writes nothing. Not thread-safe.
 */
public final class SignalWriter implements Closeable {

    /**
     * How the file is cut: {@code chunkSize} records per chunk on every level, {@code fanOut} buckets of one level per
     * bucket of the next; {@code tempDirectory} null = the system default; {@code summaryNanos} the width of the
     * time-bucket summaries (count, mean, min, max per channel of every bucket {@code [k·w, (k+1)·w)} of episode
     * time), 0 = none. The default width is 10 ms, the signal proposers' bin.
     */
    public record Options(int chunkSize, int fanOut, Path tempDirectory, long summaryNanos) {

        public static final long DEFAULT_SUMMARY_NANOS = 10_000_000L;
        public static final Options DEFAULT = new Options(4096, 16, null);

        public Options {
            if (chunkSize < 1 || chunkSize > SignalFormat.MAX_CHUNK) {
                throw new IllegalArgumentException("chunkSize must be 1.." + SignalFormat.MAX_CHUNK + ": " + chunkSize);
            }
            if (fanOut < 2 || fanOut > SignalFormat.MAX_FAN_OUT) {
                throw new IllegalArgumentException("fanOut must be 2.." + SignalFormat.MAX_FAN_OUT + ": " + fanOut);
            }
            if (summaryNanos < 0) {
                throw new IllegalArgumentException("summaryNanos must be 0 (none) or positive: " + summaryNanos);
            }
        }

        /** With the default summary width (10 ms). */
        public Options(int chunkSize, int fanOut, Path tempDirectory) {
            this(chunkSize, fanOut, tempDirectory, DEFAULT_SUMMARY_NANOS);
        }

        public Options withSummaryNanos(long nanos) {
            return new Options(chunkSize, fanOut, tempDirectory, nanos);
        }
    }

    /** What {@link #finish()} wrote. */
    /**
     * What {@link #finish()} wrote; {@code summaryBytes} 0 when the file has no summary section (none asked for, or
     * fewer than 4 samples per bucket on average).
     */
    public record Summary(long sampleCount, int levels, long rawBytes, long pyramidBytes, long summaryBytes,
                          long fileBytes) {
    }

    private final WritableByteChannel out;
    private final List<SignalChannel> channels;
    private final int channelCount;
    private final Options options;
    private final Section raw;
    private final List<Section> pyramid = new ArrayList<>();
    /** Null when no summaries are asked for. */
    private final Summaries summaries;
    private final float[] scratch;
    private long sampleCount;
    private long firstTimestamp;
    private long lastTimestamp;
    private boolean finished;
    private boolean closed;

    private SignalWriter(WritableByteChannel out, List<SignalChannel> channels, Options options) throws IOException {
        this.out = Objects.requireNonNull(out, "out");
        this.channels = List.copyOf(channels);
        if (this.channels.isEmpty() || this.channels.size() > SignalFormat.MAX_CHANNELS) {
            throw new IllegalArgumentException("A signal needs 1.." + SignalFormat.MAX_CHANNELS + " channels, got "
                    + this.channels.size());
        }
        this.channelCount = this.channels.size();
        this.options = Objects.requireNonNull(options, "options");
        this.scratch = new float[channelCount];
        this.raw = new Section(0);
        this.summaries = options.summaryNanos() > 0 ? new Summaries() : null;
    }

    /** A writer to a stream, which it does not close. */
    public static SignalWriter create(OutputStream out, List<SignalChannel> channels) throws IOException {
        return create(Channels.newChannel(out), channels, Options.DEFAULT);
    }

    public static SignalWriter create(OutputStream out, List<SignalChannel> channels, Options options)
            throws IOException {
        return create(Channels.newChannel(out), channels, options);
    }

    /** A writer to a channel, which it does not close. */
    public static SignalWriter create(WritableByteChannel out, List<SignalChannel> channels, Options options)
            throws IOException {
        return new SignalWriter(out, channels, options);
    }

    public List<SignalChannel> channels() {
        return channels;
    }

    /** Appends one sample; {@code values} has one value per channel, in channel order. */
    public void append(long timestampNanos, double... values) throws IOException {
        checkValues(values.length);
        for (int c = 0; c < channelCount; c++) {
            scratch[c] = (float) values[c];
        }
        appendChecked(timestampNanos, scratch);
    }

    /** Appends one sample; {@code values} has one value per channel, in channel order. */
    public void append(long timestampNanos, float... values) throws IOException {
        checkValues(values.length);
        appendChecked(timestampNanos, values);
    }

    private void checkValues(int length) {
        if (finished || closed) {
            throw new IllegalStateException("The signal writer is already " + (closed ? "closed" : "finished"));
        }
        if (length != channelCount) {
            throw new IllegalArgumentException("Expected " + channelCount + " values per sample, got " + length);
        }
    }

    private void appendChecked(long t, float[] values) throws IOException {
        if (sampleCount > 0 && t <= lastTimestamp) {
            throw new IllegalArgumentException("Sample at t=" + t + " ns is not after the previous sample at t="
                    + lastTimestamp + " ns (sample " + sampleCount + "); samples must arrive in strictly increasing"
                    + " time order");
        }
        if (sampleCount == 0) {
            firstTimestamp = t;
        }
        lastTimestamp = t;
        sampleCount++;
        raw.addRaw(t, values);
        level(1).add(t, t, values, values);
        if (summaries != null) {
            summaries.add(t, values);
        }
    }

    private Section level(int k) throws IOException {
        while (pyramid.size() < k) {
            pyramid.add(new Section(pyramid.size() + 1));
        }
        return pyramid.get(k - 1);
    }

    /** Writes the whole file to the output. */
    public Summary finish() throws IOException {
        if (closed || finished) {
            throw new IllegalStateException("The signal writer is already " + (closed ? "closed" : "finished"));
        }
        finished = true;
        int levels = 0;
        if (sampleCount > 0) {
            for (int k = 1; ; k++) {
                Section s = pyramid.get(k - 1);
                if (s.members > 0) {
                    s.emit(s.records > 0); // a level's first and only bucket is the top: nothing above it
                }
                if (s.records == 1) {
                    levels = k;
                    break;
                }
            }
        }
        List<Section> sections = new ArrayList<>();
        sections.add(raw);
        sections.addAll(pyramid.subList(0, levels));
        for (Section s : sections) {
            s.flushChunk();
        }
        boolean summarised = false;
        if (summaries != null && sampleCount > 0) {
            summaries.finish();
            // Below 4 samples per bucket the summary is larger than the samples and saves no reading.
            summarised = sampleCount >= (long) SignalFormat.MIN_SAMPLES_PER_SUMMARY * summaries.records;
        }

        byte[][] names = new byte[channelCount][];
        byte[][] units = new byte[channelCount][];
        long textBytes = 0;
        for (int c = 0; c < channelCount; c++) {
            names[c] = channels.get(c).name().getBytes(StandardCharsets.UTF_8);
            units[c] = channels.get(c).unit().getBytes(StandardCharsets.UTF_8);
            textBytes += 4 + names[c].length + units[c].length;
        }
        long headerLength = SignalFormat.pad8(SignalFormat.FIXED_HEADER
                + (long) SignalFormat.LEVEL_ENTRY * (levels + 1) + SignalFormat.SUMMARY_TABLE + textBytes);
        if (headerLength > SignalFormat.MAX_HEADER) {
            throw new IllegalArgumentException("Channel names and units take more than " + SignalFormat.MAX_HEADER
                    + " bytes");
        }
        ByteBuffer header = ByteBuffer.allocate((int) headerLength).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(SignalFormat.MAGIC).putShort((short) SignalFormat.VERSION).putShort((short) 0)
                .putInt((int) headerLength).putInt(0)
                .putInt(channelCount).putInt(options.chunkSize()).putInt(options.fanOut()).putInt(levels)
                .putLong(sampleCount).putLong(firstTimestamp).putLong(lastTimestamp);
        long offset = headerLength;
        long rawBytes = 0;
        long pyramidBytes = 0;
        for (Section s : sections) {
            header.putLong(offset).putLong(s.records);
            long bytes = SignalFormat.pad8(s.records * SignalFormat.recordBytes(s.level, channelCount));
            offset += bytes;
            if (s.level == 0) {
                rawBytes = bytes;
            } else {
                pyramidBytes += bytes;
            }
        }
        long summaryBytes = 0;
        if (summarised) {
            header.putLong(options.summaryNanos()).putLong(summaries.records).putInt(summaries.chunk).putInt(0);
            summaryBytes = SignalFormat.pad8(summaries.records * SignalFormat.summaryRecordBytes(channelCount));
            offset += summaryBytes;
        } else {
            header.putLong(0).putLong(0).putInt(0).putInt(0);
        }
        for (int c = 0; c < channelCount; c++) {
            header.putShort((short) names[c].length).put(names[c]).putShort((short) units[c].length).put(units[c]);
        }
        CRC32 crc = new CRC32();
        crc.update(header.array(), 0, header.capacity());
        header.putInt(12, (int) crc.getValue());
        header.clear();
        writeFully(header);
        for (Section s : sections) {
            copy(s.file);
        }
        if (summarised) {
            copy(summaries.file);
        }
        return new Summary(sampleCount, levels, rawBytes, pyramidBytes, summaryBytes, offset);
    }

    private void writeFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        IOException failure = null;
        List<FileChannel> all = new ArrayList<>();
        pyramid.forEach(s -> all.add(s.file));
        all.add(raw.file);
        if (summaries != null) {
            all.add(summaries.file);
        }
        for (FileChannel file : all) {
            try {
                file.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * One level: the chunk being filled (columns), the bucket being built from the level below (pyramid levels only)
     * and the temporary file that receives full chunks.
     */
    private final class Section {
        final int level;
        final FileChannel file;
        final long[] tStart;
        final long[] tEnd;
        final float[][] min;
        final float[][] max;
        final ByteBuffer buffer;
        int filled;
        long records;
        // bucket under construction
        int members;
        long bucketStart;
        long bucketEnd;
        final float[] bucketMin;
        final float[] bucketMax;

        Section(int level) throws IOException {
            this.level = level;
            int chunk = options.chunkSize();
            this.file = tempFile(options.tempDirectory(), "signal-level" + level + "-");
            this.tStart = new long[chunk];
            this.tEnd = level == 0 ? null : new long[chunk];
            this.min = new float[channelCount][chunk];
            this.max = level == 0 ? null : new float[channelCount][chunk];
            this.buffer = ByteBuffer.allocate((int) (chunk * SignalFormat.recordBytes(level, channelCount)))
                    .order(ByteOrder.LITTLE_ENDIAN);
            this.bucketMin = level == 0 ? null : new float[channelCount];
            this.bucketMax = level == 0 ? null : new float[channelCount];
        }

        void addRaw(long t, float[] values) throws IOException {
            tStart[filled] = t;
            for (int c = 0; c < channelCount; c++) {
                min[c][filled] = values[c];
            }
            filled++;
            records++;
            if (filled == options.chunkSize()) {
                flushChunk();
            }
        }

        void add(long start, long end, float[] lows, float[] highs) throws IOException {
            if (members == 0) {
                bucketStart = start;
                System.arraycopy(lows, 0, bucketMin, 0, channelCount);
                System.arraycopy(highs, 0, bucketMax, 0, channelCount);
            } else {
                for (int c = 0; c < channelCount; c++) {
                    bucketMin[c] = SignalFormat.min(bucketMin[c], lows[c]);
                    bucketMax[c] = SignalFormat.max(bucketMax[c], highs[c]);
                }
            }
            bucketEnd = end;
            members++;
            if (members == options.fanOut()) {
                emit(true);
            }
        }

        /** Closes the bucket under construction; {@code propagate} = also feed it to the level above. */
        void emit(boolean propagate) throws IOException {
            tStart[filled] = bucketStart;
            tEnd[filled] = bucketEnd;
            for (int c = 0; c < channelCount; c++) {
                min[c][filled] = bucketMin[c];
                max[c][filled] = bucketMax[c];
            }
            filled++;
            records++;
            members = 0;
            if (filled == options.chunkSize()) {
                flushChunk();
            }
            if (propagate) {
                level(level + 1).add(bucketStart, bucketEnd, bucketMin, bucketMax);
            }
        }

        void flushChunk() throws IOException {
            if (filled == 0) {
                return;
            }
            buffer.clear();
            for (int i = 0; i < filled; i++) {
                buffer.putLong(tStart[i]);
            }
            if (level > 0) {
                for (int i = 0; i < filled; i++) {
                    buffer.putLong(tEnd[i]);
                }
            }
            for (int c = 0; c < channelCount; c++) {
                float[] lows = min[c];
                for (int i = 0; i < filled; i++) {
                    buffer.putFloat(lows[i]);
                }
                if (level > 0) {
                    float[] highs = max[c];
                    for (int i = 0; i < filled; i++) {
                        buffer.putFloat(highs[i]);
                    }
                }
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                file.write(buffer);
            }
            filled = 0;
        }
    }

    /** Appends a temporary file to the output, padded to a multiple of 8 bytes. */
    private void copy(FileChannel file) throws IOException {
        long size = file.size();
        long position = 0;
        while (position < size) {
            long n = file.transferTo(position, size - position, out);
            if (n <= 0) {
                ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(1 << 20, size - position));
                int read = file.read(chunk, position);
                if (read <= 0) {
                    throw new UncheckedIOException(new IOException("Temporary signal file shrank while copying"));
                }
                chunk.flip();
                writeFully(chunk);
                n = read;
            }
            position += n;
        }
        int padding = (int) (SignalFormat.pad8(size) - size);
        if (padding > 0) {
            writeFully(ByteBuffer.allocate(padding));
        }
    }

    private static FileChannel tempFile(Path directory, String prefix) throws IOException {
        Path path = directory == null ? Files.createTempFile(prefix, ".tmp")
                : Files.createTempFile(directory, prefix, ".tmp");
        return FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.DELETE_ON_CLOSE);
    }

    /**
     * The time-bucket summaries (version 2): bucket k covers episode time {@code [k·w, (k+1)·w)}; only buckets that
     * hold a sample are written, in time order, each with its index k and per channel the count of finite values,
     * their mean, and the min and max ignoring NaN (as the pyramid). Samples arrive in time order, so only the
     * bucket being filled keeps sums; finished buckets go to a chunk and full chunks to a temporary file.
     */
    private final class Summaries {
        final FileChannel file;
        final int chunk;
        final long[] index;
        final int[][] count;
        final float[][] mean;
        final float[][] min;
        final float[][] max;
        final ByteBuffer buffer;
        int filled;
        long records;
        long bucket = Long.MIN_VALUE;
        final double[] sum;
        final int[] finite;
        final float[] low;
        final float[] high;

        Summaries() throws IOException {
            this.file = tempFile(options.tempDirectory(), "signal-summary-");
            this.chunk = Math.min(options.chunkSize(), SignalFormat.MAX_SUMMARY_CHUNK);
            this.index = new long[chunk];
            this.count = new int[channelCount][chunk];
            this.mean = new float[channelCount][chunk];
            this.min = new float[channelCount][chunk];
            this.max = new float[channelCount][chunk];
            this.buffer = ByteBuffer.allocate((int) (chunk * SignalFormat.summaryRecordBytes(channelCount)))
                    .order(ByteOrder.LITTLE_ENDIAN);
            this.sum = new double[channelCount];
            this.finite = new int[channelCount];
            this.low = new float[channelCount];
            this.high = new float[channelCount];
        }

        void add(long t, float[] values) throws IOException {
            long k = Math.floorDiv(t, options.summaryNanos());
            if (k != bucket) {
                if (bucket != Long.MIN_VALUE) {
                    emit();
                }
                bucket = k;
                Arrays.fill(sum, 0);
                Arrays.fill(finite, 0);
                Arrays.fill(low, Float.NaN);
                Arrays.fill(high, Float.NaN);
            }
            for (int c = 0; c < channelCount; c++) {
                float v = values[c];
                if (Float.isFinite(v)) {
                    sum[c] += v;
                    finite[c]++;
                }
                low[c] = SignalFormat.min(low[c], v);
                high[c] = SignalFormat.max(high[c], v);
            }
        }

        private void emit() throws IOException {
            index[filled] = bucket;
            for (int c = 0; c < channelCount; c++) {
                count[c][filled] = finite[c];
                mean[c][filled] = finite[c] == 0 ? Float.NaN : (float) (sum[c] / finite[c]);
                min[c][filled] = low[c];
                max[c][filled] = high[c];
            }
            filled++;
            records++;
            if (filled == chunk) {
                flush();
            }
        }

        void finish() throws IOException {
            if (bucket != Long.MIN_VALUE) {
                emit();
                bucket = Long.MIN_VALUE;
            }
            flush();
        }

        private void flush() throws IOException {
            if (filled == 0) {
                return;
            }
            buffer.clear();
            for (int i = 0; i < filled; i++) {
                buffer.putLong(index[i]);
            }
            for (int c = 0; c < channelCount; c++) {
                for (int i = 0; i < filled; i++) {
                    buffer.putInt(count[c][i]);
                }
                putFloats(mean[c]);
                putFloats(min[c]);
                putFloats(max[c]);
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                file.write(buffer);
            }
            filled = 0;
        }

        private void putFloats(float[] column) {
            for (int i = 0; i < filled; i++) {
                buffer.putFloat(column[i]);
            }
        }
    }
}
