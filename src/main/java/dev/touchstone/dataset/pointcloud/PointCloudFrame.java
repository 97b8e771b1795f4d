package dev.touchstone.dataset.pointcloud;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One point cloud at one moment of an episode, in the compact binary form episodes store and the media endpoint
 * serves. The exact layout is in {@code docs/formats/pointcloud-frame.md}; in short, all little-endian:
 * <pre>
 *  0  4 bytes  magic "TSPC"
 *  4  u16      version (1)
 *  6  u16      flags: bit 0 intensity, bit 1 rgb
 *  8  u32      point count N
 * 12  u32      header length H (48 in version 1): where xyz starts
 * 16  i64      timestamp in nanoseconds
 * 24  6 x f32  bounds: min x, y, z, max x, y, z
 *  H  N x 3 x f32   xyz, interleaved
 *     N x f32       intensity, if flagged
 *     N x 3 x u8    r, g, b, if flagged
 *     0..3 zero bytes so that the length is a multiple of 4
 * </pre>
 * Every float section starts at a multiple of 4 bytes, so a browser can view it with {@code new Float32Array(buffer,
 * offset, length)} without copying, and frames can be concatenated without losing that alignment.
 * <p>
 * The timestamp is not interpreted here: it is whatever clock the ingest pipeline puts on the episode's messages.
 * Decoded clouds have source fields {@code x y z [intensity] [rgb]} and no dropped points: a frame holds only the
 * points that were kept.
 */
public record PointCloudFrame(long timestampNanos, PointCloud cloud) {

    /** "TSPC" as the first four bytes of the file. */
    public static final int MAGIC = 'T' | 'S' << 8 | 'P' << 16 | 'C' << 24;
    public static final int VERSION = 1;
    public static final int HEADER_LENGTH = 48;
    public static final int FLAG_INTENSITY = 1;
    public static final int FLAG_RGB = 2;
    private static final int KNOWN_FLAGS = FLAG_INTENSITY | FLAG_RGB;

    public PointCloudFrame {
        Objects.requireNonNull(cloud, "cloud");
    }

    public int flags() {
        return (cloud.hasIntensity() ? FLAG_INTENSITY : 0) | (cloud.hasRgb() ? FLAG_RGB : 0);
    }

    /** Bytes of the encoded frame, padding included. */
    public int encodedLength() {
        return (int) encodedLength(HEADER_LENGTH, cloud.pointCount(), flags());
    }

    public byte[] encode() {
        byte[] bytes = new byte[encodedLength()];
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        // Computed, not taken from the record: a cloud built with wrong bounds must not produce a frame that lies.
        PointCloud.Bounds bounds = PointCloud.Bounds.of(cloud.xyz());
        buffer.putInt(MAGIC)
                .putShort((short) VERSION)
                .putShort((short) flags())
                .putInt(cloud.pointCount())
                .putInt(HEADER_LENGTH)
                .putLong(timestampNanos)
                .putFloat(bounds.minX()).putFloat(bounds.minY()).putFloat(bounds.minZ())
                .putFloat(bounds.maxX()).putFloat(bounds.maxY()).putFloat(bounds.maxZ());
        // A float view writes in the buffer's byte order, so x86 and ARM servers produce the same bytes.
        buffer.asFloatBuffer().put(cloud.xyz());
        buffer.position(HEADER_LENGTH + 12 * cloud.pointCount());
        if (cloud.hasIntensity()) {
            buffer.asFloatBuffer().put(cloud.intensity());
            buffer.position(buffer.position() + 4 * cloud.pointCount());
        }
        if (cloud.hasRgb()) {
            buffer.put(cloud.rgb());
        }
        return bytes;
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(encode());
    }

    public static PointCloudFrame read(Path file) throws IOException {
        return decode(Files.readAllBytes(file), file.toString());
    }

    /** Decodes a byte array that holds exactly one frame. */
    public static PointCloudFrame decode(byte[] bytes, String source) throws PointCloudFormatException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        PointCloudFrame frame = read(buffer, source);
        if (buffer.hasRemaining()) {
            throw new PointCloudFormatException(source, buffer.remaining() + " bytes after the frame");
        }
        return frame;
    }

    /**
     * Decodes the frame at the buffer's position and moves the position past it (padding included), so that
     * concatenated frames can be read one after another. The buffer's byte order is left alone.
     */
    public static PointCloudFrame read(ByteBuffer buffer, String source) throws PointCloudFormatException {
        ByteBuffer data = buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (data.remaining() < HEADER_LENGTH) {
            throw new PointCloudFormatException(source, "truncated frame: " + data.remaining()
                    + " bytes, the header alone is " + HEADER_LENGTH);
        }
        if (data.getInt(0) != MAGIC) {
            throw new PointCloudFormatException(source, "not a point-cloud frame (no TSPC magic)");
        }
        int version = Short.toUnsignedInt(data.getShort(4));
        if (version != VERSION) {
            throw new PointCloudFormatException(source, "frame version " + version
                    + " is not supported (this reader knows version " + VERSION + ")");
        }
        int flags = Short.toUnsignedInt(data.getShort(6));
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw new PointCloudFormatException(source, "unknown flags 0x" + Integer.toHexString(flags));
        }
        long count = Integer.toUnsignedLong(data.getInt(8));
        long headerLength = Integer.toUnsignedLong(data.getInt(12));
        if (headerLength < HEADER_LENGTH || headerLength % 4 != 0) {
            throw new PointCloudFormatException(source, "header length " + headerLength
                    + " (expected at least " + HEADER_LENGTH + " and a multiple of 4)");
        }
        long length = encodedLength(headerLength, count, flags);
        if (length > data.remaining()) {
            throw new PointCloudFormatException(source, "truncated frame: " + count + " points need " + length
                    + " bytes, there are " + data.remaining());
        }
        long timestamp = data.getLong(16);
        PointCloud.Bounds stored = new PointCloud.Bounds(data.getFloat(24), data.getFloat(28), data.getFloat(32),
                data.getFloat(36), data.getFloat(40), data.getFloat(44));

        int points = (int) count;
        int at = (int) headerLength;
        float[] xyz = new float[3 * points];
        data.position(at).asFloatBuffer().get(xyz);
        at += 12 * points;
        List<String> fields = new ArrayList<>(List.of("x", "y", "z"));
        float[] intensity = null;
        if ((flags & FLAG_INTENSITY) != 0) {
            intensity = new float[points];
            data.position(at).asFloatBuffer().get(intensity);
            at += 4 * points;
            fields.add("intensity");
        }
        byte[] rgb = null;
        if ((flags & FLAG_RGB) != 0) {
            rgb = new byte[3 * points];
            data.position(at).get(rgb);
            fields.add("rgb");
        }
        PointCloud cloud = PointCloud.of(xyz, intensity, rgb, fields, 0);
        // Recomputing costs one pass over data just read; it catches a frame whose header and points disagree.
        if (!cloud.bounds().equals(stored)) {
            throw new PointCloudFormatException(source, "the header's bounds " + stored
                    + " do not match the points' " + cloud.bounds());
        }
        buffer.position(buffer.position() + (int) length);
        return new PointCloudFrame(timestamp, cloud);
    }

    private static long encodedLength(long headerLength, long points, int flags) {
        long length = headerLength + 12 * points
                + ((flags & FLAG_INTENSITY) != 0 ? 4 * points : 0)
                + ((flags & FLAG_RGB) != 0 ? 3 * points : 0);
        return (length + 3) & ~3L;
    }
}
