package dev.touchstone.dataset.signal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The binary layout in which the media endpoint sends a {@link SignalWindow} to the browser ({@code TSSW}, version 1,
 * documented in {@code docs/formats/signal.md}). Little-endian; the timestamp columns start at multiples of 8 bytes
 * and the float columns at multiples of 4, so the player wraps them in {@code BigInt64Array} and
 * {@code Float32Array} views without copying.
 */
public final class SignalWindowEncoder {

    static final int MAGIC = 0x57535354; // "TSSW" read as a little-endian int
    static final int VERSION = 1;
    static final int HEADER = 40;
    static final int FLAG_RAW = 1;

    private SignalWindowEncoder() {
    }

    /** Bytes that {@link #encode} produces for a window. */
    public static long encodedLength(SignalWindow window) {
        long n = window.size();
        long m = window.channels().length;
        return SignalFormat.pad8(HEADER + 16 * n + 4 * m + 8 * n * m);
    }

    public static ByteBuffer encode(SignalWindow window) {
        long length = encodedLength(window);
        if (length > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("Signal window too large to encode: " + length + " bytes");
        }
        int n = window.size();
        int m = window.channels().length;
        ByteBuffer out = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(MAGIC).putShort((short) VERSION).putShort((short) (window.raw() ? FLAG_RAW : 0))
                .putInt(n).putInt(m).putInt(window.level()).putInt(window.groupSize())
                .putLong(window.t0()).putLong(window.t1());
        out.asLongBuffer().put(window.tStart()).put(window.tEnd());
        out.position(HEADER + 16 * n);
        out.asIntBuffer().put(window.channels());
        out.position(HEADER + 16 * n + 4 * m);
        var floats = out.asFloatBuffer();
        for (int j = 0; j < m; j++) {
            floats.put(window.min()[j]).put(window.max()[j]);
        }
        out.position(0);
        return out;
    }

    /** Reads an encoded window back (for tests and Java clients). */
    public static SignalWindow decode(ByteBuffer encoded) throws SignalFormatException {
        ByteBuffer in = encoded.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (in.remaining() < HEADER || in.getInt(0) != MAGIC) {
            throw new SignalFormatException("Not an encoded signal window");
        }
        if (Short.toUnsignedInt(in.getShort(4)) != VERSION) {
            throw new SignalFormatException("Signal window version " + in.getShort(4) + " is not supported");
        }
        long n = Integer.toUnsignedLong(in.getInt(8));
        long m = Integer.toUnsignedLong(in.getInt(12));
        long expected = SignalFormat.pad8(HEADER + 16 * n + 4 * m + 8 * n * m);
        if (in.remaining() != expected) {
            throw new SignalFormatException("Encoded signal window has " + in.remaining() + " bytes, expected "
                    + expected);
        }
        int level = in.getInt(16);
        int group = in.getInt(20);
        long t0 = in.getLong(24);
        long t1 = in.getLong(32);
        long[] tStart = new long[(int) n];
        long[] tEnd = new long[(int) n];
        int[] channels = new int[(int) m];
        float[][] min = new float[(int) m][(int) n];
        float[][] max = new float[(int) m][(int) n];
        in.position(HEADER);
        var longs = in.asLongBuffer();
        longs.get(tStart).get(tEnd);
        in.position(HEADER + 16 * (int) n);
        in.asIntBuffer().get(channels);
        in.position(HEADER + 16 * (int) n + 4 * (int) m);
        var floats = in.asFloatBuffer();
        for (int j = 0; j < m; j++) {
            floats.get(min[j]).get(max[j]);
        }
        return new SignalWindow(level, group, t0, t1, tStart, tEnd, channels, min, max);
    }
}
