package dev.touchstone.dataset.signal;

/** Constants and small helpers shared by the writer and the reader; the layout is described in docs/formats/signal.md. */
final class SignalFormat {

    static final int MAGIC = 0x47535354; // "TSSG" read as a little-endian int
    /** What the writer writes: version 2 adds the time-bucket summaries. */
    static final int VERSION = 2;
    /** The oldest version the reader still reads (no summaries). */
    static final int OLDEST_VERSION = 1;
    /** Bytes of the fixed part of the header, before the level table. */
    static final int FIXED_HEADER = 56;
    static final int LEVEL_ENTRY = 16;
    /** Version 2: bytes of the summary table after the level table (width, records, chunk size, reserved). */
    static final int SUMMARY_TABLE = 24;
    /** Records per chunk of the summary section at most: 1024 buckets (10 s at 10 ms), 1 MiB for 64 channels. */
    static final int MAX_SUMMARY_CHUNK = 1024;
    /**
     * The summary section is kept only when the stream has on average at least this many samples per (non-empty)
     * bucket: below it the summary (16 bytes per channel and bucket) outgrows the samples it summarises (4 bytes per
     * value) and reading the samples is as cheap.
     */
    static final int MIN_SAMPLES_PER_SUMMARY = 4;
    static final int MAX_HEADER = 16 << 20;
    static final int MAX_CHANNELS = 65_535;
    static final int MAX_CHUNK = 1 << 20;
    static final int MAX_FAN_OUT = 1 << 16;
    static final int MAX_LEVELS = 64;

    private SignalFormat() {
    }

    /** Bytes of one record of a level: level 0 = timestamp + value per channel; above = tStart, tEnd, min, max. */
    static long recordBytes(int level, int channels) {
        return level == 0 ? 8L + 4L * channels : 16L + 8L * channels;
    }

    /** Bytes of one record of the summary section: bucket index, then per channel count, mean, min, max. */
    static long summaryRecordBytes(int channels) {
        return 8L + 16L * channels;
    }

    static long pad8(long n) {
        return (n + 7) & ~7L;
    }

    /** Minimum of two values ignoring NaN (NaN only when both are NaN). */
    static float min(float a, float b) {
        if (Float.isNaN(a)) {
            return b;
        }
        return Float.isNaN(b) ? a : Math.min(a, b);
    }

    static float max(float a, float b) {
        if (Float.isNaN(a)) {
            return b;
        }
        return Float.isNaN(b) ? a : Math.max(a, b);
    }
}
