package dev.touchstone.ingest.mcap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads a ROS 2 message serialized as CDR (the classic OMG encoding ROS 2's middlewares write).
 *
 * <p>The message starts with a 4-byte encapsulation header: two bytes of representation (0x0000 big-endian CDR,
 * 0x0001 little-endian CDR) and two bytes of options. Primitives are aligned to their own size, counted from the end
 * of that header. Strings are a uint32 length that includes the terminating NUL, then the bytes; sequences are a
 * uint32 element count, then the elements; fixed-size arrays have no count.
 *
 * <p>Lengths are checked against what remains before anything is allocated, so a corrupt length is a
 * {@link DecodeException} and never a huge array.
 */
public final class CdrReader {

    private final ByteBuffer body;

    public CdrReader(ByteBuffer message) {
        ByteBuffer bytes = message.slice();
        if (bytes.remaining() < 4) {
            throw new DecodeException("message is " + bytes.remaining()
                    + " bytes, shorter than the 4-byte CDR encapsulation header");
        }
        int representation = Short.toUnsignedInt(bytes.order(ByteOrder.BIG_ENDIAN).getShort(0));
        ByteOrder order = switch (representation) {
            case 0x0000 -> ByteOrder.BIG_ENDIAN;
            case 0x0001 -> ByteOrder.LITTLE_ENDIAN;
            default -> throw new DecodeException(String.format("CDR encapsulation 0x%04x is not supported (only "
                    + "plain CDR, 0x0000 and 0x0001, which ROS 2 writes)", representation));
        };
        this.body = bytes.slice(4, bytes.remaining() - 4).order(order);
    }

    public int position() {
        return body.position();
    }

    public int remaining() {
        return body.remaining();
    }

    public boolean bool() {
        return uint8() != 0;
    }

    public int uint8() {
        need(1, "uint8");
        return Byte.toUnsignedInt(body.get());
    }

    public short int16() {
        align(2);
        need(2, "int16");
        return body.getShort();
    }

    public int uint16() {
        return Short.toUnsignedInt(int16());
    }

    public int int32() {
        align(4);
        need(4, "int32");
        return body.getInt();
    }

    public long uint32() {
        return Integer.toUnsignedLong(int32());
    }

    public long int64() {
        align(8);
        need(8, "int64");
        return body.getLong();
    }

    public float float32() {
        align(4);
        need(4, "float32");
        return body.getFloat();
    }

    public double float64() {
        align(8);
        need(8, "float64");
        return body.getDouble();
    }

    public String string() {
        long length = uint32();
        if (length > body.remaining()) {
            throw new DecodeException("string of " + length + " bytes at offset " + body.position()
                    + " does not fit in the " + body.remaining() + " bytes left");
        }
        int bytes = (int) length;
        // The length counts the NUL terminator; an empty length (no NUL at all) also occurs in the wild.
        int text = bytes > 0 && body.get(body.position() + bytes - 1) == 0 ? bytes - 1 : bytes;
        byte[] utf8 = new byte[text];
        body.get(body.position(), utf8);
        body.position(body.position() + bytes);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /**
     * A sequence's element count, checked against the bytes left: each element takes at least
     * {@code minElementSize} bytes, so a count that cannot fit is a corrupt message, not a reason to allocate.
     */
    public int sequenceLength(int minElementSize) {
        long count = uint32();
        if (count * Math.max(1, minElementSize) > body.remaining()) {
            throw new DecodeException("sequence of " + count + " elements at offset " + body.position()
                    + " does not fit in the " + body.remaining() + " bytes left");
        }
        return (int) count;
    }

    public double[] float64Array(int length) {
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            values[i] = float64();
        }
        return values;
    }

    public double[] float64Sequence() {
        return float64Array(sequenceLength(8));
    }

    public String[] stringSequence() {
        String[] values = new String[sequenceLength(4)];
        for (int i = 0; i < values.length; i++) {
            values[i] = string();
        }
        return values;
    }

    /** A uint8[] sequence as a read-only view of the message's bytes (images are large; no copy). */
    public ByteBuffer uint8Sequence() {
        int count = sequenceLength(1);
        ByteBuffer bytes = body.slice(body.position(), count).asReadOnlyBuffer();
        body.position(body.position() + count);
        return bytes;
    }

    private void align(int size) {
        int misalignment = body.position() % size;
        if (misalignment != 0) {
            int padding = size - misalignment;
            need(padding, "alignment padding");
            body.position(body.position() + padding);
        }
    }

    private void need(int bytes, String what) {
        if (body.remaining() < bytes) {
            throw new DecodeException("message ends early: " + what + " at offset " + body.position() + " needs "
                    + bytes + " bytes, " + body.remaining() + " are left");
        }
    }
}
