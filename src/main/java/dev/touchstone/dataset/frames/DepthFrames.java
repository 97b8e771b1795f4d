package dev.touchstone.dataset.frames;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * One depth frame as stored and served: "TSDP" header (little-endian: magic, u16 version, u16 reserved, u32 width,
 * u32 height, i64 timestamp ns) followed by the zlib-deflated row-major uint16 little-endian pixels. Browsers
 * inflate it with {@code DecompressionStream('deflate')}.
 */
public final class DepthFrames {

    public static final int MAGIC = 'T' | 'S' << 8 | 'D' << 16 | 'P' << 24;
    public static final int VERSION = 1;
    public static final int HEADER_LENGTH = 24;

    private DepthFrames() {
    }

    public static byte[] encode(long timestampNanos, int width, int height, short[] depth) {
        if (depth.length != width * height) {
            throw new IllegalArgumentException("depth frame has " + depth.length + " values, expected " + width
                    + "x" + height + " = " + width * height);
        }
        ByteBuffer pixels = ByteBuffer.allocate(depth.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        pixels.asShortBuffer().put(depth);
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            deflater.setInput(pixels.array());
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(depth.length / 2 + HEADER_LENGTH);
            ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(MAGIC).putShort((short) VERSION).putShort((short) 0).putInt(width).putInt(height)
                    .putLong(timestampNanos);
            out.writeBytes(header.array());
            byte[] buffer = new byte[1 << 16];
            while (!deflater.finished()) {
                int n = deflater.deflate(buffer);
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** A decoded frame. */
    public record DepthFrame(long timestampNanos, int width, int height, short[] depth) {
    }

    public static DepthFrame decode(byte[] frame, String source) throws IOException {
        if (frame.length < HEADER_LENGTH) {
            throw new IOException(source + ": depth frame shorter than its header");
        }
        ByteBuffer header = ByteBuffer.wrap(frame, 0, HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        if (header.getInt() != MAGIC) {
            throw new IOException(source + ": not a depth frame (bad magic)");
        }
        int version = Short.toUnsignedInt(header.getShort());
        if (version != VERSION) {
            throw new IOException(source + ": depth frame version " + version + " is not supported");
        }
        header.getShort();
        int width = header.getInt();
        int height = header.getInt();
        long timestamp = header.getLong();
        if (width <= 0 || height <= 0 || (long) width * height > 64L * 1024 * 1024) {
            throw new IOException(source + ": depth frame size " + width + "x" + height + " is not plausible");
        }
        byte[] pixels = new byte[width * height * 2];
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(frame, HEADER_LENGTH, frame.length - HEADER_LENGTH);
            int n = 0;
            while (n < pixels.length && !inflater.finished()) {
                int got = inflater.inflate(pixels, n, pixels.length - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != pixels.length) {
                throw new IOException(source + ": depth frame holds " + n / 2 + " of " + width * height
                        + " pixels");
            }
        } catch (DataFormatException e) {
            throw new IOException(source + ": depth frame pixels are corrupt: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
        short[] depth = new short[width * height];
        ByteBuffer.wrap(pixels).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(depth);
        return new DepthFrame(timestamp, width, height, depth);
    }
}
