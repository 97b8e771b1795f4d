package dev.touchstone.ingest.mcap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamClassifierTest {

    @ParameterizedTest
    @CsvSource({
            "sensor_msgs/msg/JointState, ros2msg, cdr, SIGNAL, JOINT_STATE",
            "sensor_msgs/JointState, ros2msg, cdr, SIGNAL, JOINT_STATE",
            "geometry_msgs/msg/WrenchStamped, ros2msg, cdr, SIGNAL, WRENCH_STAMPED",
            "sensor_msgs/msg/Imu, ros2idl, cdr, SIGNAL, IMU",
            "sensor_msgs/msg/PointCloud2, ros2msg, cdr, POINTCLOUD, POINT_CLOUD2",
            "sensor_msgs/msg/Image, ros2msg, cdr, IMAGE, IMAGE",
            "sensor_msgs/msg/CompressedImage, ros2msg, cdr, IMAGE, COMPRESSED_IMAGE",
            "foxglove_msgs/msg/CompressedVideo, ros2msg, cdr, VIDEO, COMPRESSED_VIDEO_CDR",
            "foxglove.CompressedVideo, protobuf, protobuf, VIDEO, COMPRESSED_VIDEO_PROTOBUF",
    })
    void mapsTheCommonTypes(String schemaName, String schemaEncoding, String messageEncoding, StreamKind kind,
                            MessageType type) {
        StreamMapping mapping = StreamClassifier.classify(channel(messageEncoding), schema(schemaName,
                schemaEncoding));
        assertThat(mapping.kind()).isEqualTo(kind);
        assertThat(mapping.type()).isEqualTo(type);
        assertThat(mapping.isSupported()).isTrue();
        assertThat(mapping.note()).startsWith("/topic: ").contains(type.schemaName(), kind.name().toLowerCase());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "tf2_msgs/msg/TFMessage | ros2msg | cdr | ROS 2 type tf2_msgs/msg/TFMessage has no decoder",
            "sensor_msgs/msg/JointState | jsonschema | cdr | need a ros2msg or ros2idl schema",
            "foxglove.CompressedVideo | jsonschema | json | recognized but its JSON encoding is not decoded",
            "foxglove.RawImage | protobuf | protobuf | protobuf type foxglove.RawImage has no decoder",
            "sensor_msgs/JointState | ros1msg | ros1 | message encoding 'ros1' is not supported",
            "diagnostics | jsonschema | json | JSON messages (diagnostics) are not imported",
    })
    void saysWhyAChannelIsSkipped(String schemaName, String schemaEncoding, String messageEncoding, String why) {
        StreamMapping mapping = StreamClassifier.classify(channel(messageEncoding), schema(schemaName,
                schemaEncoding));
        assertThat(mapping.kind()).isEqualTo(StreamKind.UNSUPPORTED);
        assertThat(mapping.isSupported()).isFalse();
        assertThat(mapping.note()).startsWith("/topic: skipped, ").contains(why);
        assertThatThrownBy(() -> mapping.decode(ByteBuffer.allocate(8)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(why);
    }

    @Test
    void aChannelWithoutSchemaCannotBeRead() {
        McapRecord.Channel channel = new McapRecord.Channel(3, 0, "/raw", "cdr", Map.of());
        StreamMapping mapping = StreamClassifier.classify(channel, null);
        assertThat(mapping.kind()).isEqualTo(StreamKind.UNSUPPORTED);
        assertThat(mapping.note()).isEqualTo("/raw: skipped, the channel has no schema, so its 'cdr' messages "
                + "cannot be interpreted");
    }

    @Test
    void decodesThroughTheMapping() {
        byte[] data = CdrWriter.jointState(1, 2, "base", new String[] {"j"}, new double[] {0.25}, new double[0],
                new double[0]);
        StreamMapping mapping = StreamClassifier.classify(channel("cdr"), schema("sensor_msgs/msg/JointState",
                "ros2msg"));
        assertThat(((DecodedMessage.JointState) mapping.decode(ByteBuffer.wrap(data))).position())
                .containsExactly(0.25);
    }

    private static McapRecord.Channel channel(String messageEncoding) {
        return new McapRecord.Channel(1, 1, "/topic", messageEncoding, Map.of());
    }

    private static McapRecord.Schema schema(String name, String encoding) {
        return new McapRecord.Schema(1, name, encoding, ByteBuffer.allocate(0));
    }
}
