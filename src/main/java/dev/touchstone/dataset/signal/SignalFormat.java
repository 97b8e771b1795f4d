package dev.touchstone.dataset.signal;

/** Constants and small helpers shared by the writer and the reader; the layout is described in docs/formats/signal.md. */
final class SignalFormat {

    static final int MAGIC = 0x47535354; // "TSSG" read as a little-endian int
    static final int VERSION = 1;
    /** Bytes of the fixed part of the header, before the level table. */
    static final int FIXED_HEADER = 56;
    static final int LEVEL_ENTRY = 16;
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
