package dev.touchstone.ingest.mcap;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A message decoded into plain Java, one record per supported type. Field names follow the ROS 2 definitions.
 * Large byte payloads (image, video and point data) are read-only views of the message, not copies. Numeric
 * arrays are plain Java arrays for speed, so records holding them compare by identity, not content.
 */
public sealed interface DecodedMessage {

    /** builtin_interfaces/Time (or a protobuf Timestamp): seconds and nanoseconds since the sender's epoch. */
    record Stamp(long sec, long nanosec) {
        public long toNanos() {
            return sec * 1_000_000_000L + nanosec;
        }
    }

    /** std_msgs/Header. */
    record Header(Stamp stamp, String frameId) {
    }

    record Vector3(double x, double y, double z) {
    }

    record Quaternion(double x, double y, double z, double w) {
    }

    /** sensor_msgs/msg/JointState; the arrays are as long as the sender made them (often empty for effort). */
    record JointState(Header header, List<String> names, double[] position, double[] velocity, double[] effort)
            implements DecodedMessage {
        public JointState {
            names = List.copyOf(names);
        }
    }

    /** geometry_msgs/msg/WrenchStamped. */
    record WrenchStamped(Header header, Vector3 force, Vector3 torque) implements DecodedMessage {
    }

    /** sensor_msgs/msg/Imu; each covariance is a row-major 3x3 matrix (9 values). */
    record Imu(Header header, Quaternion orientation, double[] orientationCovariance, Vector3 angularVelocity,
               double[] angularVelocityCovariance, Vector3 linearAcceleration,
               double[] linearAccelerationCovariance) implements DecodedMessage {
    }

    /** sensor_msgs/msg/PointField; {@code datatype} uses PointField's constants (7 = FLOAT32). */
    record PointField(String name, long offset, int datatype, long count) {
    }

    /**
     * sensor_msgs/msg/PointCloud2 decoded to float32 coordinates. Points keep the cloud's order, including
     * invalid (NaN) points of a non-dense cloud.
     *
     * @param xyz       x, y, z of each point, interleaved ({@code 3 * pointCount} values)
     * @param intensity one value per point, or null when the cloud has no {@code intensity} field
     * @param rgb       {@code 0xRRGGBB} per point from an {@code rgb}/{@code rgba} field, or null without one
     */
    record PointCloud(Header header, long height, long width, List<PointField> fields, boolean dense,
                      int pointCount, float[] xyz, float[] intensity, int[] rgb) implements DecodedMessage {
        public PointCloud {
            fields = List.copyOf(fields);
        }
    }

    /** sensor_msgs/msg/Image: pixel layout as sent ({@code encoding} such as rgb8, mono16) and raw rows. */
    record Image(Header header, long height, long width, String encoding, boolean bigEndian, long step,
                 ByteBuffer data) implements DecodedMessage {
    }

    /** sensor_msgs/msg/CompressedImage: {@code format} such as "jpeg" or "png", and the encoded bytes. */
    record CompressedImage(Header header, String format, ByteBuffer data) implements DecodedMessage {
    }

    /** foxglove CompressedVideo: one frame of an h264/h265/vp9/av1 stream ({@code format}). */
    record CompressedVideo(Stamp timestamp, String frameId, ByteBuffer data, String format)
            implements DecodedMessage {
    }
}
