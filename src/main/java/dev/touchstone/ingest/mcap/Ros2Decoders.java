package dev.touchstone.ingest.mcap;

import dev.touchstone.ingest.mcap.DecodedMessage.CompressedImage;
import dev.touchstone.ingest.mcap.DecodedMessage.CompressedVideo;
import dev.touchstone.ingest.mcap.DecodedMessage.Header;
import dev.touchstone.ingest.mcap.DecodedMessage.Image;
import dev.touchstone.ingest.mcap.DecodedMessage.Imu;
import dev.touchstone.ingest.mcap.DecodedMessage.JointState;
import dev.touchstone.ingest.mcap.DecodedMessage.PointCloud;
import dev.touchstone.ingest.mcap.DecodedMessage.PointField;
import dev.touchstone.ingest.mcap.DecodedMessage.Quaternion;
import dev.touchstone.ingest.mcap.DecodedMessage.Stamp;
import dev.touchstone.ingest.mcap.DecodedMessage.Vector3;
import dev.touchstone.ingest.mcap.DecodedMessage.WrenchStamped;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * CDR layouts of the ROS 2 messages Touchstone imports. The layouts are the message definitions of ROS 2 (Humble
 * onward; unchanged since Foxy) read field by field; fields a later revision appends are ignored.
 */
final class Ros2Decoders {

    private Ros2Decoders() {
    }

    static Stamp time(CdrReader cdr) {
        return new Stamp(cdr.int32(), cdr.uint32());
    }

    static Header header(CdrReader cdr) {
        return new Header(time(cdr), cdr.string());
    }

    static Vector3 vector3(CdrReader cdr) {
        return new Vector3(cdr.float64(), cdr.float64(), cdr.float64());
    }

    static JointState jointState(ByteBuffer data) {
        CdrReader cdr = new CdrReader(data);
        return new JointState(header(cdr), List.of(cdr.stringSequence()), cdr.float64Sequence(),
                cdr.float64Sequence(), cdr.float64Sequence());
    }

    static WrenchStamped wrenchStamped(ByteBuffer data) {
        CdrReader cdr = new CdrReader(data);
        return new WrenchStamped(header(cdr), vector3(cdr), vector3(cdr));
    }

    static Imu imu(ByteBuffer data) {
        CdrReader cdr = new CdrReader(data);
        Header header = header(cdr);
        Quaternion orientation = new Quaternion(cdr.float64(), cdr.float64(), cdr.float64(), cdr.float64());
        double[] orientationCovariance = cdr.float64Array(9);
        Vector3 angularVelocity = vector3(cdr);
        double[] angularVelocityCovariance = cdr.float64Array(9);
        Vector3 linearAcceleration = vector3(cdr);
        return new Imu(header, orientation, orientationCovariance, angularVelocity, angularVelocityCovariance,
                linearAcceleration, cdr.float64Array(9));
    }

    static Image image(ByteBuffer data) {
        CdrReader cdr = new CdrReader(data);
        return new Image(header(cdr), cdr.uint32(), cdr.uint32(), cdr.string(), cdr.uint8() != 0, cdr.uint32(),
                cdr.uint8Sequence());
    }

    static CompressedImage compressedImage(ByteBuffer data) {
        CdrReader cdr = new CdrReader(data);
        return new CompressedImage(header(cdr), cdr.string(), cdr.uint8Sequence());
    }

    /** foxglove_msgs/msg/CompressedVideo: timestamp, frame_id, data, format (later fields ignored). */
    static CompressedVideo compressedVideo(ByteBuffer data) {
        CdrReader cdr = new CdrReader(data);
        return new CompressedVideo(time(cdr), cdr.string(), cdr.uint8Sequence(), cdr.string());
    }

    static PointCloud pointCloud(ByteBuffer data) {
        CdrReader cdr = new CdrReader(data);
        Header header = header(cdr);
        long height = cdr.uint32();
        long width = cdr.uint32();
        int fieldCount = cdr.sequenceLength(13);
        List<PointField> fields = new ArrayList<>(fieldCount);
        for (int i = 0; i < fieldCount; i++) {
            fields.add(new PointField(cdr.string(), cdr.uint32(), cdr.uint8(), cdr.uint32()));
        }
        boolean bigEndian = cdr.bool();
        long pointStep = cdr.uint32();
        long rowStep = cdr.uint32();
        ByteBuffer points = cdr.uint8Sequence().order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        boolean dense = cdr.bool();

        long count = height * width;
        if (count > Integer.MAX_VALUE / 3) {
            throw new DecodeException("point cloud of " + height + " x " + width + " points is too large");
        }
        if (count > 0 && (height - 1) * rowStep + width * pointStep > points.remaining()) {
            throw new DecodeException("point cloud data holds " + points.remaining() + " bytes, fewer than its "
                    + height + " rows of " + width + " points (row_step " + rowStep + ", point_step " + pointStep
                    + ") need");
        }
        FieldReader x = FieldReader.of(fields, pointStep, "x");
        FieldReader y = FieldReader.of(fields, pointStep, "y");
        FieldReader z = FieldReader.of(fields, pointStep, "z");
        if (x == null || y == null || z == null) {
            throw new DecodeException("point cloud has no numeric x, y and z fields (it has "
                    + fields.stream().map(PointField::name).toList() + ")");
        }
        FieldReader intensity = FieldReader.of(fields, pointStep, "intensity");
        FieldReader rgb = FieldReader.of(fields, pointStep, "rgb");
        if (rgb == null) {
            rgb = FieldReader.of(fields, pointStep, "rgba");
        }
        if (rgb != null && rgb.size != 4) {
            rgb = null;
        }

        int n = (int) count;
        float[] xyz = new float[n * 3];
        float[] intensities = intensity == null ? null : new float[n];
        int[] colors = rgb == null ? null : new int[n];
        int i = 0;
        for (long row = 0; row < height; row++) {
            for (long column = 0; column < width; column++, i++) {
                int base = (int) (row * rowStep + column * pointStep);
                xyz[3 * i] = x.read(points, base);
                xyz[3 * i + 1] = y.read(points, base);
                xyz[3 * i + 2] = z.read(points, base);
                if (intensities != null) {
                    intensities[i] = intensity.read(points, base);
                }
                if (colors != null) {
                    // PCL packs 8-bit r, g, b into the bytes of a float32 (or uint32) "rgb" field.
                    colors[i] = points.getInt(base + rgb.offset) & 0xFFFFFF;
                }
            }
        }
        return new PointCloud(header, height, width, fields, dense, n, xyz, intensities, colors);
    }

    /** Reads one numeric point field as a float. */
    private record FieldReader(int offset, int datatype, int size) {

        // PointField datatypes 1..8: INT8, UINT8, INT16, UINT16, INT32, UINT32, FLOAT32, FLOAT64.
        private static final int[] SIZES = {0, 1, 1, 2, 2, 4, 4, 4, 8};

        static FieldReader of(List<PointField> fields, long pointStep, String name) {
            for (PointField field : fields) {
                if (field.name().equals(name)) {
                    if (field.datatype() < 1 || field.datatype() > 8) {
                        throw new DecodeException("point field '" + name + "' has unknown datatype "
                                + field.datatype());
                    }
                    int size = SIZES[field.datatype()];
                    if (field.offset() + size > pointStep) {
                        throw new DecodeException("point field '" + name + "' at offset " + field.offset()
                                + " does not fit in point_step " + pointStep);
                    }
                    return new FieldReader((int) field.offset(), field.datatype(), size);
                }
            }
            return null;
        }

        float read(ByteBuffer points, int base) {
            int at = base + offset;
            return switch (datatype) {
                case 1 -> points.get(at);
                case 2 -> Byte.toUnsignedInt(points.get(at));
                case 3 -> points.getShort(at);
                case 4 -> Short.toUnsignedInt(points.getShort(at));
                case 5 -> points.getInt(at);
                case 6 -> Integer.toUnsignedLong(points.getInt(at));
                case 7 -> points.getFloat(at);
                default -> (float) points.getDouble(at);
            };
        }
    }
}
