package dev.touchstone.dataset.signal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Reads a signal file written by {@link SignalWriter} from a {@link SeekableByteChannel}, reading only the byte
 * ranges a question needs (the header once, then a few column ranges per query). Opening checks the header (magic,
 * version, CRC32, level table) and that the channel is exactly as long as the header says, so a truncated or damaged
 * file fails here with a {@link SignalFormatException} rather than in the middle of a query. The data sections carry
 * no checksum: the blob store is responsible for their integrity.
 * <p>
 * Time ranges are inclusive at both ends: {@code [t0, t1]} contains the samples with {@code t0 <= t <= t1}. A range
 * that contains no sample (before the first sample, after the last, inside a gap, or zero-width on no sample) gives
 * an empty answer; {@code t1 < t0} is an {@link IllegalArgumentException}. The reader does not close the channel.
 * Its methods are synchronized, because they move the channel's position.
 */
public final class SignalReader {

    /** Most pixel columns a window may ask for; bounds the memory of one answer. */
    public static final int MAX_COLUMNS = 1 << 16;

    private final SeekableByteChannel channel;
    private final List<SignalChannel> channels;
    private final int channelCount;
    private final int chunkSize;
    private final int fanOut;
    private final int levels;
    private final long sampleCount;
    private final long firstTimestamp;
    private final long lastTimestamp;
    private final long[] levelOffset;
    private final long[] levelRecords;
    /** Samples per bucket of each level (saturating at Long.MAX_VALUE). */
    private final long[] span;
    private final int version;
    private final long summaryNanos;
    private final long summaryRecords;
    private final int summaryChunk;
    private final long summaryOffset;

    private SignalReader(SeekableByteChannel channel) throws IOException {
        this.channel = channel;
        long fileSize = channel.size();
        if (fileSize < SignalFormat.FIXED_HEADER) {
            throw new SignalFormatException("Not a signal file: " + fileSize + " bytes, shorter than the "
                    + SignalFormat.FIXED_HEADER + "-byte header");
        }
        ByteBuffer fixed = read(0, SignalFormat.FIXED_HEADER);
        if (fixed.getInt(0) != SignalFormat.MAGIC) {
            throw new SignalFormatException("Not a signal file: the magic is not TSSG");
        }
        version = Short.toUnsignedInt(fixed.getShort(4));
        if (version < SignalFormat.OLDEST_VERSION || version > SignalFormat.VERSION) {
            throw new SignalFormatException("Signal file version " + version + " is not supported (only "
                    + SignalFormat.OLDEST_VERSION + " to " + SignalFormat.VERSION + ")");
        }
        int summaryTable = version >= 2 ? SignalFormat.SUMMARY_TABLE : 0;
        if (fixed.getShort(6) != 0) {
            throw new SignalFormatException("Signal file has unknown flags " + Integer.toHexString(fixed.getShort(6)));
        }
        long headerLength = Integer.toUnsignedLong(fixed.getInt(8));
        if (headerLength < SignalFormat.FIXED_HEADER + SignalFormat.LEVEL_ENTRY || headerLength > SignalFormat.MAX_HEADER
                || headerLength % 8 != 0) {
            throw new SignalFormatException("Signal file header length " + headerLength + " is invalid");
        }
        if (headerLength > fileSize) {
            throw new SignalFormatException("Signal file is truncated: " + fileSize + " bytes, header alone needs "
                    + headerLength);
        }
        ByteBuffer header = read(0, (int) headerLength);
        int storedCrc = header.getInt(12);
        header.putInt(12, 0);
        CRC32 crc = new CRC32();
        crc.update(header.array(), 0, header.capacity());
        if ((int) crc.getValue() != storedCrc) {
            throw new SignalFormatException("Signal file header is damaged (CRC32 mismatch)");
        }
        header.position(16);
        channelCount = header.getInt();
        chunkSize = header.getInt();
        fanOut = header.getInt();
        levels = header.getInt();
        sampleCount = header.getLong();
        firstTimestamp = header.getLong();
        lastTimestamp = header.getLong();
        if (channelCount < 1 || channelCount > SignalFormat.MAX_CHANNELS || chunkSize < 1
                || chunkSize > SignalFormat.MAX_CHUNK || fanOut < 2 || fanOut > SignalFormat.MAX_FAN_OUT
                || levels < 0 || levels > SignalFormat.MAX_LEVELS || sampleCount < 0
                || (sampleCount > 0 && firstTimestamp > lastTimestamp) || (sampleCount == 0) != (levels == 0)
                || SignalFormat.FIXED_HEADER + (long) SignalFormat.LEVEL_ENTRY * (levels + 1) + summaryTable
                > headerLength) {
            throw new SignalFormatException("Signal file header is inconsistent (channels " + channelCount
                    + ", chunk " + chunkSize + ", fan-out " + fanOut + ", levels " + levels + ", samples "
                    + sampleCount + ")");
        }
        levelOffset = new long[levels + 1];
        levelRecords = new long[levels + 1];
        span = new long[levels + 1];
        long expectedOffset = headerLength;
        long expectedRecords = sampleCount;
        for (int k = 0; k <= levels; k++) {
            levelOffset[k] = header.getLong();
            levelRecords[k] = header.getLong();
            span[k] = k == 0 ? 1 : saturatingMultiply(span[k - 1], fanOut);
            if (levelOffset[k] != expectedOffset || levelRecords[k] != expectedRecords) {
                throw new SignalFormatException("Signal file level table is inconsistent at level " + k);
            }
            if (k >= 1 && k < levels && levelRecords[k] <= 1) {
                throw new SignalFormatException("Signal file has pyramid levels above its single-bucket level " + k);
            }
            try {
                expectedOffset = Math.addExact(expectedOffset, SignalFormat.pad8(
                        Math.multiplyExact(levelRecords[k], SignalFormat.recordBytes(k, channelCount))));
            } catch (ArithmeticException e) {
                throw new SignalFormatException("Signal file level " + k + " is impossibly large");
            }
            expectedRecords = levelRecords[k] / fanOut + (levelRecords[k] % fanOut == 0 ? 0 : 1);
        }
        if (levels > 0 && levelRecords[levels] != 1) {
            throw new SignalFormatException("Signal file pyramid does not end in one bucket");
        }
        if (version >= 2) {
            summaryNanos = header.getLong();
            summaryRecords = header.getLong();
            summaryChunk = header.getInt();
            header.getInt(); // reserved
            if (summaryNanos < 0 || summaryRecords < 0 || summaryRecords > sampleCount
                    || (summaryNanos == 0) != (summaryRecords == 0)
                    || (summaryRecords > 0 && (summaryChunk < 1 || summaryChunk > SignalFormat.MAX_CHUNK))) {
                throw new SignalFormatException("Signal file summary table is inconsistent (width " + summaryNanos
                        + " ns, records " + summaryRecords + ", chunk " + summaryChunk + ")");
            }
        } else {
            summaryNanos = 0;
            summaryRecords = 0;
            summaryChunk = 0;
        }
        summaryOffset = expectedOffset;
        try {
            expectedOffset = Math.addExact(expectedOffset, SignalFormat.pad8(
                    Math.multiplyExact(summaryRecords, SignalFormat.summaryRecordBytes(channelCount))));
        } catch (ArithmeticException e) {
            throw new SignalFormatException("Signal file summary section is impossibly large");
        }
        if (fileSize != expectedOffset) {
            throw new SignalFormatException(fileSize < expectedOffset
                    ? "Signal file is truncated: " + fileSize + " bytes, the header describes " + expectedOffset
                    : "Signal file has " + (fileSize - expectedOffset) + " unexpected bytes after its data");
        }
        List<SignalChannel> list = new ArrayList<>(channelCount);
        for (int c = 0; c < channelCount; c++) {
            String name = text(header, headerLength, c, "name");
            String unit = text(header, headerLength, c, "unit");
            try {
                list.add(new SignalChannel(name, unit));
            } catch (IllegalArgumentException e) {
                throw new SignalFormatException("Signal file channel " + c + ": " + e.getMessage());
            }
        }
        channels = List.copyOf(list);
    }

    private static String text(ByteBuffer header, long headerLength, int channel, String what)
            throws SignalFormatException {
        if (header.remaining() < 2) {
            throw new SignalFormatException("Signal file header ends inside the " + what + " of channel " + channel);
        }
        int length = Short.toUnsignedInt(header.getShort());
        if (length > header.remaining()) {
            throw new SignalFormatException("Signal file header ends inside the " + what + " of channel " + channel);
        }
        ByteBuffer bytes = header.slice(header.position(), length);
        header.position(header.position() + length);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new SignalFormatException("Signal file " + what + " of channel " + channel + " is not UTF-8");
        }
    }

    /** Opens a signal file; the reader reads from the channel but never closes it. */
    public static SignalReader open(SeekableByteChannel channel) throws IOException {
        return new SignalReader(channel);
    }

    public List<SignalChannel> channels() {
        return channels;
    }

    /** Index of the channel with this name, or -1. */
    public int channelIndex(String name) {
        for (int c = 0; c < channelCount; c++) {
            if (channels.get(c).name().equals(name)) {
                return c;
            }
        }
        return -1;
    }

    public long sampleCount() {
        return sampleCount;
    }

    /** Timestamp of the first sample in nanoseconds; 0 when the signal has no samples. */
    public long firstTimestamp() {
        return firstTimestamp;
    }

    /** Timestamp of the last sample in nanoseconds; 0 when the signal has no samples. */
    public long lastTimestamp() {
        return lastTimestamp;
    }

    /** Number of pyramid levels above the raw samples (0 for an empty signal). */
    public int levels() {
        return levels;
    }

    public int fanOut() {
        return fanOut;
    }

    /** The file's format version: 1 (no summaries) or 2. */
    public int version() {
        return version;
    }

    /**
     * Width in nanoseconds of the time buckets the file summarises ({@link #summaries}); 0 when it has no summaries:
     * a version-1 file, a writer asked for none, or a stream with fewer than 4 samples per bucket on average.
     */
    public long summaryNanos() {
        return summaryNanos;
    }

    /** How many summary records the file holds: one per bucket that holds a sample, in time order. */
    public long summaryRecords() {
        return summaryRecords;
    }

    /**
     * Summary records {@code [from, to)} (record numbers, not bucket indexes) of the given channels: per record the
     * bucket index k (the bucket covers {@code [k·w, (k+1)·w)} with w = {@link #summaryNanos()}) and per channel the
     * number of finite samples, their mean, and (when {@code extremes}) the min and max ignoring NaN. Reads one byte
     * range per channel and chunk.
     *
     * @throws IllegalStateException when the file has no summaries (see {@link #summaryNanos()})
     */
    public synchronized SignalSummaries summaries(long from, long to, boolean extremes, int... channels)
            throws IOException {
        if (summaryRecords == 0) {
            throw new IllegalStateException("The signal file has no summaries (version " + version + ")");
        }
        if (from < 0 || to > summaryRecords || from > to) {
            throw new IllegalArgumentException("Summary records [" + from + ", " + to + ") are not within [0, "
                    + summaryRecords + ")");
        }
        int[] chans = checkChannels(channels);
        int n = Math.toIntExact(to - from);
        long[] bucket = new long[n];
        int[][] count = new int[chans.length][n];
        float[][] mean = new float[chans.length][n];
        float[][] min = extremes ? new float[chans.length][n] : null;
        float[][] max = extremes ? new float[chans.length][n] : null;
        long recordBytes = SignalFormat.summaryRecordBytes(channelCount);
        int done = 0;
        for (long i = from; i < to; ) {
            long chunk = i / summaryChunk;
            int r = (int) Math.min(summaryChunk, summaryRecords - chunk * summaryChunk);
            int start = (int) (i - chunk * summaryChunk);
            int k = (int) Math.min(r - start, to - i);
            long base = summaryOffset + chunk * summaryChunk * recordBytes;
            read(base + 8L * start, 8 * k).asLongBuffer().get(bucket, done, k);
            for (int j = 0; j < chans.length; j++) {
                // The channel's columns (count, mean, min, max) follow each other: one read from the first wanted
                // count to the last wanted mean (or max).
                long block = base + 8L * r + 16L * r * chans[j];
                int columns = extremes ? 4 : 2;
                ByteBuffer bytes = read(block + 4L * start, 4 * ((columns - 1) * r + k));
                bytes.asIntBuffer().get(count[j], done, k);
                bytes.position(4 * r).slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(mean[j], done, k);
                if (extremes) {
                    bytes.position(8 * r).slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(min[j], done, k);
                    bytes.position(12 * r).slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
                            .get(max[j], done, k);
                }
            }
            done += k;
            i += k;
        }
        return new SignalSummaries(summaryNanos, bucket, chans, count, mean, min, max);
    }

    /**
     * Min/max buckets of the samples in {@code [t0, t1]} for drawing {@code columns} pixel columns: between
     * {@code columns} and {@code 2 × columns} buckets, or every raw sample when the window holds fewer than
     * {@code 2 × columns} of them. The min and max of every bucket are exact for the samples the bucket covers (the
     * buckets at the window's edges are built from finer levels, so they never include samples outside the window),
     * so the envelope contains every sample and its extremes are the window's extremes.
     *
     * @param columns  pixel columns, 1..{@link #MAX_COLUMNS}
     * @param channels channel indexes; none = all channels
     */
    public synchronized SignalWindow window(long t0, long t1, int columns, int... channels) throws IOException {
        if (t1 < t0) {
            throw new IllegalArgumentException("Window end " + t1 + " ns is before its start " + t0 + " ns");
        }
        if (columns < 1 || columns > MAX_COLUMNS) {
            throw new IllegalArgumentException("A window needs 1.." + MAX_COLUMNS + " pixel columns, got " + columns);
        }
        int[] chans = checkChannels(channels);
        long a = lowerBound(t0);
        long b = upperBound(t1);
        if (a >= b) {
            return SignalWindow.empty(t0, t1, chans);
        }
        int level = 0;
        for (int k = 1; k <= levels; k++) {
            if (bucketsOverlapping(k, a, b) >= columns) {
                level = k;
            } else {
                break;
            }
        }
        Buckets buckets;
        if (level == 0) {
            buckets = readBuckets(0, a, b, chans);
        } else {
            long size = span[level];
            long fa = Math.min(roundUp(a, size), b);
            long fb = Math.max(b / size * size, fa);
            List<Buckets> parts = new ArrayList<>(3);
            if (a < fa) {
                parts.add(aggregate(a, fa, level - 1, chans));
            }
            if (fa < fb) {
                parts.add(readBuckets(level, fa / size, fb / size, chans));
            }
            if (fb < b) {
                parts.add(aggregate(fb, b, level - 1, chans));
            }
            buckets = Buckets.concat(parts, chans.length);
        }
        int group = Math.max(1, buckets.size() / columns);
        if (group > 1) {
            buckets = buckets.merge(group);
        }
        return new SignalWindow(level, group, t0, t1, buckets.tStart, buckets.tEnd, chans, buckets.min, buckets.max);
    }

    /** The stored samples of one channel in {@code [t0, t1]}. */
    public synchronized SignalSamples samples(long t0, long t1, int channel) throws IOException {
        if (t1 < t0) {
            throw new IllegalArgumentException("Range end " + t1 + " ns is before its start " + t0 + " ns");
        }
        checkChannel(channel);
        long a = lowerBound(t0);
        long b = upperBound(t1);
        if (a >= b) {
            return new SignalSamples(channel, new long[0], new float[0]);
        }
        if (b - a > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("Range [" + t0 + ", " + t1 + "] holds " + (b - a)
                    + " samples, too many for one array; ask for a shorter range");
        }
        return new SignalSamples(channel, readLongs(0, 0, a, b), readFloats(0, channel, 0, a, b));
    }

    /** The last stored sample of a channel at or before {@code t}, empty when {@code t} is before the first one. */
    public synchronized Optional<SignalSample> valueAt(long t, int channel) throws IOException {
        checkChannel(channel);
        long i = upperBound(t) - 1;
        if (i < 0) {
            return Optional.empty();
        }
        return Optional.of(new SignalSample(readLongs(0, 0, i, i + 1)[0], readFloats(0, channel, 0, i, i + 1)[0]));
    }

    private int[] checkChannels(int[] requested) {
        int[] chans = requested == null || requested.length == 0 ? allChannels() : requested.clone();
        for (int c : chans) {
            checkChannel(c);
        }
        return chans;
    }

    private int[] allChannels() {
        int[] all = new int[channelCount];
        Arrays.setAll(all, i -> i);
        return all;
    }

    private void checkChannel(int channel) {
        if (channel < 0 || channel >= channelCount) {
            throw new IllegalArgumentException("No channel " + channel + " in a signal with " + channelCount
                    + " channels");
        }
    }

    private long bucketsOverlapping(int level, long a, long b) {
        return (b - 1) / span[level] - a / span[level] + 1;
    }

    /** Exact min/max of the samples {@code [a, b)} as one bucket, from the coarsest levels up to {@code maxLevel}. */
    private Buckets aggregate(long a, long b, int maxLevel, int[] chans) throws IOException {
        for (int k = maxLevel; k >= 0; k--) {
            long size = span[k];
            long fa = roundUp(a, size);
            long fb = b / size * size;
            if (fa < fb) {
                List<Buckets> parts = new ArrayList<>(3);
                if (a < fa) {
                    parts.add(aggregate(a, fa, k - 1, chans));
                }
                parts.add(readBuckets(k, fa / size, fb / size, chans));
                if (fb < b) {
                    parts.add(aggregate(fb, b, k - 1, chans));
                }
                Buckets all = Buckets.concat(parts, chans.length);
                return all.merge(all.size());
            }
        }
        throw new IllegalStateException("empty range " + a + ".." + b);
    }

    private static long roundUp(long value, long size) {
        long r = value / size * size;
        return r == value ? value : r + size;
    }

    private static long saturatingMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return high != 0 || low < 0 ? Long.MAX_VALUE : low;
    }

    /** Index of the first sample with a timestamp {@code >= t}. */
    private long lowerBound(long t) throws IOException {
        if (sampleCount == 0 || t <= firstTimestamp) {
            return 0;
        }
        if (t > lastTimestamp) {
            return sampleCount;
        }
        long lo = 0;
        long hi = sampleCount - 1; // timestamp(hi) >= t
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (readLongs(0, 0, mid, mid + 1)[0] >= t) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Index of the first sample with a timestamp {@code > t}. */
    private long upperBound(long t) throws IOException {
        return t == Long.MAX_VALUE ? sampleCount : lowerBound(t + 1);
    }

    private Buckets readBuckets(int level, long from, long to, int[] chans) throws IOException {
        long[] tStart = readLongs(level, 0, from, to);
        long[] tEnd = level == 0 ? tStart : readLongs(level, 1, from, to);
        float[][] min = new float[chans.length][];
        float[][] max = new float[chans.length][];
        for (int j = 0; j < chans.length; j++) {
            min[j] = readFloats(level, chans[j], 0, from, to);
            max[j] = level == 0 ? min[j] : readFloats(level, chans[j], 1, from, to);
        }
        return new Buckets(tStart, tEnd, min, max);
    }

    /** Timestamps column {@code field} (0 = time / tStart, 1 = tEnd) of records {@code [from, to)}. */
    private long[] readLongs(int level, int field, long from, long to) throws IOException {
        long[] result = new long[Math.toIntExact(to - from)];
        int done = 0;
        for (long i = from; i < to; ) {
            long chunk = i / chunkSize;
            int inChunk = chunkRecords(level, chunk);
            int start = (int) (i - chunk * chunkSize);
            int count = (int) Math.min(inChunk - start, to - i);
            long position = chunkOffset(level, chunk) + 8L * field * inChunk + 8L * start;
            read(position, 8 * count).asLongBuffer().get(result, done, count);
            done += count;
            i += count;
        }
        return result;
    }

    /** Float column of a channel ({@code which}: 0 = value / min, 1 = max) of records {@code [from, to)}. */
    private float[] readFloats(int level, int channel, int which, long from, long to) throws IOException {
        float[] result = new float[Math.toIntExact(to - from)];
        int done = 0;
        for (long i = from; i < to; ) {
            long chunk = i / chunkSize;
            int inChunk = chunkRecords(level, chunk);
            int start = (int) (i - chunk * chunkSize);
            int count = (int) Math.min(inChunk - start, to - i);
            long column = level == 0 ? 8L * inChunk + 4L * inChunk * channel
                    : 16L * inChunk + 8L * inChunk * channel + 4L * inChunk * which;
            long position = chunkOffset(level, chunk) + column + 4L * start;
            read(position, 4 * count).asFloatBuffer().get(result, done, count);
            done += count;
            i += count;
        }
        return result;
    }

    private int chunkRecords(int level, long chunk) {
        return (int) Math.min(chunkSize, levelRecords[level] - chunk * chunkSize);
    }

    private long chunkOffset(int level, long chunk) {
        return levelOffset[level] + chunk * chunkSize * SignalFormat.recordBytes(level, channelCount);
    }

    private ByteBuffer read(long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        channel.position(position);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new SignalFormatException("Signal file ends at " + (position + buffer.position())
                        + " bytes, inside data it describes");
            }
        }
        return buffer.flip();
    }

    /** Columns of buckets for the requested channels. */
    private record Buckets(long[] tStart, long[] tEnd, float[][] min, float[][] max) {

        int size() {
            return tStart.length;
        }

        static Buckets concat(List<Buckets> parts, int channels) {
            if (parts.size() == 1) {
                return parts.getFirst();
            }
            int n = parts.stream().mapToInt(Buckets::size).sum();
            long[] tStart = new long[n];
            long[] tEnd = new long[n];
            float[][] min = new float[channels][n];
            float[][] max = new float[channels][n];
            int at = 0;
            for (Buckets p : parts) {
                System.arraycopy(p.tStart, 0, tStart, at, p.size());
                System.arraycopy(p.tEnd, 0, tEnd, at, p.size());
                for (int j = 0; j < channels; j++) {
                    System.arraycopy(p.min[j], 0, min[j], at, p.size());
                    System.arraycopy(p.max[j], 0, max[j], at, p.size());
                }
                at += p.size();
            }
            return new Buckets(tStart, tEnd, min, max);
        }

        /** Merges runs of {@code group} consecutive buckets (the last run may be shorter). */
        Buckets merge(int group) {
            int n = size();
            int m = (n + group - 1) / group;
            long[] ts = new long[m];
            long[] te = new long[m];
            float[][] lo = new float[min.length][m];
            float[][] hi = new float[min.length][m];
            for (int g = 0; g < m; g++) {
                int from = g * group;
                int to = Math.min(n, from + group);
                ts[g] = tStart[from];
                te[g] = tEnd[to - 1];
                for (int j = 0; j < min.length; j++) {
                    float l = Float.NaN;
                    float h = Float.NaN;
                    for (int i = from; i < to; i++) {
                        l = SignalFormat.min(l, min[j][i]);
                        h = SignalFormat.max(h, max[j][i]);
                    }
                    lo[j][g] = l;
                    hi[j][g] = h;
                }
            }
            return new Buckets(ts, te, lo, hi);
        }
    }
}
