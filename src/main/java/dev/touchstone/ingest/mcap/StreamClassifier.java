package dev.touchstone.ingest.mcap;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides what each channel of a recording becomes: which {@link StreamKind} and which decoder, or a note saying
 * why it is skipped. A decision depends only on the channel's message encoding and its schema's name and encoding,
 * so the import can list every channel with its fate before reading any message.
 */
public final class StreamClassifier {

    /** Both describe the same CDR layout; rosbag2 writes ros2msg, some tools ros2idl. */
    private static final Set<String> ROS2_SCHEMA_ENCODINGS = Set.of("ros2msg", "ros2idl");

    private static final String SUPPORTED = Arrays.stream(MessageType.values())
            .map(type -> type.schemaName() + " (" + type.messageEncoding() + ")")
            .collect(Collectors.joining(", "));

    private StreamClassifier() {
    }

    /**
     * @param channel the channel
     * @param schema  its schema, or null when the channel has none (schema id 0)
     */
    public static StreamMapping classify(McapRecord.Channel channel, McapRecord.Schema schema) {
        if (schema != null && schema.id() != channel.schemaId()) {
            throw new IllegalArgumentException("channel " + channel.id() + " uses schema " + channel.schemaId()
                    + ", not " + schema.id());
        }
        String topic = channel.topic();
        String encoding = channel.messageEncoding();
        if (schema == null) {
            return StreamMapping.unsupported(topic, "the channel has no schema, so its '" + encoding
                    + "' messages cannot be interpreted");
        }
        String name = schema.name();
        return switch (encoding) {
            case "cdr" -> ros2(topic, schema);
            case "protobuf" -> name.equals(MessageType.COMPRESSED_VIDEO_PROTOBUF.schemaName())
                    ? StreamMapping.supported(MessageType.COMPRESSED_VIDEO_PROTOBUF, topic)
                    : StreamMapping.unsupported(topic, "protobuf type " + name + " has no decoder (supported: "
                    + SUPPORTED + ")");
            case "json" -> name.equals(MessageType.COMPRESSED_VIDEO_PROTOBUF.schemaName())
                    ? StreamMapping.unsupported(topic, "foxglove.CompressedVideo is recognized but its JSON "
                    + "encoding is not decoded (its protobuf and ROS 2 cdr encodings are)")
                    : StreamMapping.unsupported(topic, "JSON messages (" + name + ") are not imported");
            default -> StreamMapping.unsupported(topic, "message encoding '" + encoding + "' is not supported "
                    + "(supported: " + SUPPORTED + ")");
        };
    }

    private static StreamMapping ros2(String topic, McapRecord.Schema schema) {
        if (!ROS2_SCHEMA_ENCODINGS.contains(schema.encoding())) {
            return StreamMapping.unsupported(topic, "cdr messages need a ros2msg or ros2idl schema, but schema "
                    + schema.name() + " is '" + schema.encoding() + "'");
        }
        String type = ros2TypeName(schema.name());
        for (MessageType candidate : MessageType.values()) {
            if (candidate.messageEncoding().equals("cdr") && candidate.schemaName().equals(type)) {
                return StreamMapping.supported(candidate, topic);
            }
        }
        return StreamMapping.unsupported(topic, "ROS 2 type " + schema.name() + " has no decoder (supported: "
                + SUPPORTED + ")");
    }

    /** Older recorders name types "package/Type"; the rest of ROS 2 says "package/msg/Type". */
    static String ros2TypeName(String name) {
        String[] parts = name.split("/");
        return parts.length == 2 ? parts[0] + "/msg/" + parts[1] : name;
    }
}
