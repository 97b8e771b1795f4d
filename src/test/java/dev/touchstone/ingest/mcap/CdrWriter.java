package dev.touchstone.ingest.mcap;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Test-only CDR serializer, written from the CDR rules (not from {@link CdrReader}) so that the reader is checked
 * against an independent writer: 4-byte encapsulation header, then each primitive aligned to its size counted from
 * the end of that header.
 */
final class CdrWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteOrder order;

    CdrWriter() {
        this(ByteOrder.LITTLE_ENDIAN);
    }

    CdrWriter(ByteOrder order) {
        this.order = order;
        out.write(0);
        out.write(order == ByteOrder.LITTLE_ENDIAN ? 1 : 0);
        out.write(0);
        out.write(0);
    }

    CdrWriter uint8(int value) {
        out.write(value);
        return this;
    }

    CdrWriter bool(boolean value) {
        return uint8(value ? 1 : 0);
    }

    CdrWriter int16(int value) {
        return put(2, ByteBuffer.allocate(2).order(order).putShort((short) value));
    }

    CdrWriter int32(int value) {
        return put(4, ByteBuffer.allocate(4).order(order).putInt(value));
    }

    CdrWriter uint32(long value) {
        return int32((int) value);
    }

    CdrWriter int64(long value) {
        return put(8, ByteBuffer.allocate(8).order(order).putLong(value));
    }

    CdrWriter float32(float value) {
        return put(4, ByteBuffer.allocate(4).order(order).putFloat(value));
    }

    CdrWriter float64(double value) {
        return put(8, ByteBuffer.allocate(8).order(order).putDouble(value));
    }

    CdrWriter string(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        uint32(bytes.length + 1);
        out.writeBytes(bytes);
        out.write(0);
        return this;
    }

    CdrWriter float64s(double... values) {
        for (double value : values) {
            float64(value);
        }
        return this;
    }

    CdrWriter float64Sequence(double... values) {
        uint32(values.length);
        return float64s(values);
    }

    CdrWriter stringSequence(String... values) {
        uint32(values.length);
        for (String value : values) {
            string(value);
        }
        return this;
    }

    CdrWriter bytes(byte[] values) {
        uint32(values.length);
        out.writeBytes(values);
        return this;
    }

    /** std_msgs/Header. */
    CdrWriter header(int sec, long nanosec, String frameId) {
        return int32(sec).uint32(nanosec).string(frameId);
    }

    byte[] toBytes() {
        return out.toByteArray();
    }

    private CdrWriter put(int size, ByteBuffer value) {
        int position = out.size() - 4;
        while (position % size != 0) {
            out.write(0);
            position++;
        }
        out.writeBytes(value.array());
        return this;
    }

    static byte[] jointState(int sec, long nanosec, String frameId, String[] names, double[] position,
                             double[] velocity, double[] effort) {
        return new CdrWriter().header(sec, nanosec, frameId).stringSequence(names).float64Sequence(position)
                .float64Sequence(velocity).float64Sequence(effort).toBytes();
    }
}
