package dev.touchstone.ingest.mcap;

import java.nio.ByteBuffer;
import java.util.function.Function;

/** The message types Touchstone decodes, each with the stream kind it feeds and its wire decoder. */
public enum MessageType {
    JOINT_STATE("sensor_msgs/msg/JointState", "cdr", StreamKind.SIGNAL, Ros2Decoders::jointState),
    WRENCH_STAMPED("geometry_msgs/msg/WrenchStamped", "cdr", StreamKind.SIGNAL, Ros2Decoders::wrenchStamped),
    IMU("sensor_msgs/msg/Imu", "cdr", StreamKind.SIGNAL, Ros2Decoders::imu),
    POINT_CLOUD2("sensor_msgs/msg/PointCloud2", "cdr", StreamKind.POINTCLOUD, Ros2Decoders::pointCloud),
    IMAGE("sensor_msgs/msg/Image", "cdr", StreamKind.IMAGE, Ros2Decoders::image),
    COMPRESSED_IMAGE("sensor_msgs/msg/CompressedImage", "cdr", StreamKind.IMAGE, Ros2Decoders::compressedImage),
    /** Foxglove's video message as ROS 2 bags carry it (foxglove_msgs). */
    COMPRESSED_VIDEO_CDR("foxglove_msgs/msg/CompressedVideo", "cdr", StreamKind.VIDEO,
            Ros2Decoders::compressedVideo),
    /** Foxglove's video message as Foxglove's own recorders write it. */
    COMPRESSED_VIDEO_PROTOBUF("foxglove.CompressedVideo", "protobuf", StreamKind.VIDEO,
            ProtobufDecoders::compressedVideo);

    private final String schemaName;
    private final String messageEncoding;
    private final StreamKind kind;
    private final Function<ByteBuffer, DecodedMessage> decoder;

    MessageType(String schemaName, String messageEncoding, StreamKind kind,
                Function<ByteBuffer, DecodedMessage> decoder) {
        this.schemaName = schemaName;
        this.messageEncoding = messageEncoding;
        this.kind = kind;
        this.decoder = decoder;
    }

    /** The schema name as written in MCAP files (ROS 2 style "package/msg/Type", or protobuf's full name). */
    public String schemaName() {
        return schemaName;
    }

    /** The MCAP message encoding of this type ("cdr" or "protobuf"). */
    public String messageEncoding() {
        return messageEncoding;
    }

    public StreamKind kind() {
        return kind;
    }

    DecodedMessage decode(ByteBuffer data) {
        return decoder.apply(data.duplicate());
    }
}
