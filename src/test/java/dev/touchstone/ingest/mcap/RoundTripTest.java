package dev.touchstone.ingest.mcap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Files made by {@link McapTestWriter} in every layout and compression, read back. */
class RoundTripTest {

    static final String JOINT_STATE_SCHEMA = """
            std_msgs/Header header
            string[] name
            float64[] position
            float64[] velocity
            float64[] effort
            """;

    @TempDir
    Path folder;

    enum Layout {
        /** Chunks, message indexes, summary with statistics and chunk index: what rosbag2 writes. */
        INDEXED,
        /** Chunks and nothing after the data section. */
        NO_SUMMARY,
        /** A summary with schemas, channels and statistics but no chunk index. */
        SUMMARY_WITHOUT_CHUNK_INDEX,
        /** A summary without statistics, so counts must come from a scan. */
        SUMMARY_WITHOUT_STATISTICS,
        /** Records straight in the data section, no chunks. */
        UNCHUNKED
    }

    static Stream<Arguments> layouts() {
        List<Arguments> arguments = new ArrayList<>();
        for (String compression : List.of("", "zstd", "lz4")) {
            for (Layout layout : Layout.values()) {
                if (layout != Layout.UNCHUNKED || compression.isEmpty()) {
                    arguments.add(Arguments.of(compression, layout));
                }
            }
        }
        return arguments.stream();
    }

    /** Two arms publishing joint states, 10 messages each, interleaved in time. */
    static McapTestWriter twoArms(McapTestWriter writer) {
        writer.schema(1, "sensor_msgs/msg/JointState", "ros2msg", JOINT_STATE_SCHEMA)
                .channel(1, 1, "/left/joint_states", "cdr")
                .channel(2, 1, "/right/joint_states", "cdr");
        for (int i = 0; i < 10; i++) {
            writer.message(1, time(i, 0), jointState(i, "left"));
            writer.message(2, time(i, 500_000), jointState(i, "right"));
        }
        return writer;
    }

    static long time(int step, int extraNanos) {
        return 1_700_000_000_000_000_000L + step * 10_000_000L + extraNanos;
    }

    static byte[] jointState(int step, String arm) {
        return CdrWriter.jointState(1_700_000_000, step * 10_000_000L, arm + "_base",
                new String[] {arm + "_shoulder", arm + "_elbow", arm + "_wrist"},
                new double[] {step * 0.1, step * 0.2, -step * 0.3}, new double[] {1.5, -2.5, step},
                new double[0]);
    }

    @ParameterizedTest(name = "{1} compression=''{0}''")
    @MethodSource("layouts")
    void readsBackWhatWasWritten(String compression, Layout layout) throws IOException {
        McapTestWriter writer = twoArms(configure(new McapTestWriter(), compression, layout));
        Path path = write(writer.toBytes());

        try (McapFile file = McapFile.open(path)) {
            McapSummary summary = file.summary();
            assertThat(summary.source()).isEqualTo(switch (layout) {
                case INDEXED, SUMMARY_WITHOUT_CHUNK_INDEX, UNCHUNKED -> McapSummary.Source.SUMMARY_SECTION;
                default -> McapSummary.Source.FULL_SCAN;
            });
            assertThat(summary.indexed()).isEqualTo(layout != Layout.UNCHUNKED
                    && layout != Layout.SUMMARY_WITHOUT_CHUNK_INDEX);
            assertThat(summary.profile()).isEqualTo("ros2");
            assertThat(summary.library()).isEqualTo("touchstone-test");
            assertThat(summary.messageCount()).isEqualTo(20);
            assertThat(summary.messageCounts()).isEqualTo(Map.of(1, 10L, 2, 10L));
            assertThat(summary.messageStartTime()).isEqualTo(time(0, 0));
            assertThat(summary.messageEndTime()).isEqualTo(time(9, 500_000));
            assertThat(summary.chunkCount()).isEqualTo(layout == Layout.UNCHUNKED ? 0 : 7);
            assertThat(summary.channelInfos()).extracting(McapSummary.ChannelInfo::topic)
                    .containsExactly("/left/joint_states", "/right/joint_states");

            List<McapMessage> messages = file.messages().toList();
            assertThat(messages).hasSize(20);
            assertThat(messages).extracting(McapMessage::logTime).isSorted();
            assertThat(messages).extracting(message -> message.channel().id())
                    .containsExactly(1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2);

            StreamMapping mapping = StreamClassifier.classify(summary.channels().get(2),
                    summary.schemaOf(summary.channels().get(2)));
            assertThat(mapping.kind()).isEqualTo(StreamKind.SIGNAL);
            DecodedMessage.JointState state = (DecodedMessage.JointState) mapping.decode(messages.get(7));
            assertThat(state.header().frameId()).isEqualTo("right_base");
            assertThat(state.header().stamp()).isEqualTo(new DecodedMessage.Stamp(1_700_000_000, 30_000_000));
            assertThat(state.names()).containsExactly("right_shoulder", "right_elbow", "right_wrist");
            assertThat(state.position()).containsExactly(3 * 0.1, 3 * 0.2, -3 * 0.3);
            assertThat(state.velocity()).containsExactly(1.5, -2.5, 3.0);
            assertThat(state.effort()).isEmpty();

            McapSummary verified = file.verify();
            assertThat(verified.messageCounts()).isEqualTo(summary.messageCounts());
        }
    }

    @ParameterizedTest(name = "compression=''{0}''")
    @MethodSource("compressions")
    void filtersByChannelAndTimeUsingTheIndex(String compression) throws IOException {
        Path path = write(twoArms(configure(new McapTestWriter(), compression, Layout.INDEXED)).toBytes());
        try (McapFile file = McapFile.open(path)) {
            assertThat(file.messages(List.of(2)).toList()).hasSize(10)
                    .allSatisfy(message -> assertThat(message.channel().topic()).isEqualTo("/right/joint_states"));
            assertThat(file.messages(MessageQuery.all().onChannels(List.of(1)).between(time(3, 0), time(5, 0))))
                    .extracting(McapMessage::logTime)
                    .containsExactly(time(3, 0), time(4, 0), time(5, 0));
            assertThat(file.messages(MessageQuery.all().between(time(20, 0), -1))).isEmpty();
            assertThat(file.messages(List.of(7))).isEmpty();
        }
    }

    static Stream<String> compressions() {
        return Stream.of("", "zstd", "lz4");
    }

    @Test
    void mergesChunksWhoseTimesOverlap() throws IOException {
        // Two recorder threads flushing separately: each chunk spans times the other chunk also spans.
        McapTestWriter writer = new McapTestWriter();
        writer.chunkSize = 4;
        writer.compression = "zstd";
        writer.schema(1, "sensor_msgs/msg/JointState", "ros2msg", JOINT_STATE_SCHEMA)
                .channel(1, 1, "/a", "cdr").channel(2, 1, "/b", "cdr");
        long[] first = {10, 30, 50, 70};
        long[] second = {20, 40, 60, 80};
        long[] third = {5, 45, 46, 90};
        for (long[] times : List.of(first, second, third)) {
            for (long t : times) {
                writer.message(t % 20 == 0 ? 2 : 1, t, jointState((int) t, "x"));
            }
        }
        try (McapFile file = McapFile.open(write(writer.toBytes()))) {
            assertThat(file.messages()).extracting(McapMessage::logTime)
                    .containsExactly(5L, 10L, 20L, 30L, 40L, 45L, 46L, 50L, 60L, 70L, 80L, 90L);
            assertThat(file.messages(MessageQuery.all().inOrder(MessageOrder.FILE)))
                    .extracting(McapMessage::logTime)
                    .containsExactly(10L, 30L, 50L, 70L, 20L, 40L, 60L, 80L, 5L, 45L, 46L, 90L);
            assertThat(file.messages(List.of(2))).extracting(McapMessage::logTime)
                    .containsExactly(20L, 40L, 60L, 80L);
        }
    }

    @Test
    void sortsMessagesWithinAChunk() throws IOException {
        McapTestWriter writer = new McapTestWriter();
        writer.chunkSize = 10;
        writer.schema(1, "sensor_msgs/msg/JointState", "ros2msg", JOINT_STATE_SCHEMA).channel(1, 1, "/a", "cdr");
        for (long t : new long[] {30, 10, 20, 10}) {
            writer.message(1, t, jointState((int) t, "x"));
        }
        try (McapFile file = McapFile.open(write(writer.toBytes()))) {
            List<McapMessage> messages = file.messages().toList();
            assertThat(messages).extracting(McapMessage::logTime).containsExactly(10L, 10L, 20L, 30L);
            // Equal times keep file order.
            assertThat(messages.get(0).sequence()).isLessThan(messages.get(1).sequence());
        }
    }

    @Test
    void skipsUnknownRecordsAndCountsAttachmentsAndMetadata() throws IOException {
        McapTestWriter writer = new McapTestWriter();
        writer.summary = false;
        writer.schema(1, "sensor_msgs/msg/JointState", "ros2msg", JOINT_STATE_SCHEMA).channel(1, 1, "/a", "cdr")
                .message(1, 1, jointState(1, "a"))
                .topLevel(0x80, "an application's own record".getBytes(StandardCharsets.UTF_8))
                .attachment("calibration.yaml", "fx: 600".getBytes(StandardCharsets.UTF_8))
                .metadata("robot", Map.of("serial", "R2-0042"))
                .topLevel(0x42, new byte[0])
                .message(1, 2, jointState(2, "a"));
        byte[] bytes = writer.toBytes();
        try (McapFile file = McapFile.open(write(bytes))) {
            assertThat(file.summary().attachmentCount()).isEqualTo(1);
            assertThat(file.summary().metadataCount()).isEqualTo(1);
            assertThat(file.messages()).extracting(McapMessage::logTime).containsExactly(1L, 2L);
        }
        List<McapRecord> records = new ArrayList<>();
        try (McapRecordReader reader = McapRecordReader.open(write(bytes))) {
            for (McapRecord record = reader.next(); record != null; record = reader.next()) {
                records.add(record);
            }
        }
        assertThat(records).filteredOn(McapRecord.Unknown.class::isInstance)
                .extracting(record -> ((McapRecord.Unknown) record).code()).containsExactly(0x80, 0x42);
        assertThat(records).filteredOn(McapRecord.Attachment.class::isInstance).singleElement()
                .satisfies(record -> {
                    McapRecord.Attachment attachment = (McapRecord.Attachment) record;
                    assertThat(attachment.name()).isEqualTo("calibration.yaml");
                    assertThat(attachment.dataSize()).isEqualTo(7);
                    assertThat(new String(bytes, (int) attachment.dataOffset(), 7, StandardCharsets.UTF_8))
                            .isEqualTo("fx: 600");
                });
        assertThat(records).filteredOn(McapRecord.Metadata.class::isInstance).singleElement()
                .isEqualTo(new McapRecord.Metadata("robot", Map.of("serial", "R2-0042")));
    }

    @Test
    void readsAFileWithoutMessages() throws IOException {
        McapTestWriter writer = new McapTestWriter();
        writer.schema(1, "sensor_msgs/msg/JointState", "ros2msg", JOINT_STATE_SCHEMA).channel(1, 1, "/a", "cdr");
        try (McapFile file = McapFile.open(write(writer.toBytes()))) {
            assertThat(file.summary().messageCount()).isZero();
            assertThat(file.summary().channels()).containsKey(1);
            assertThat(file.messages()).isEmpty();
        }
    }

    @Test
    void readsFromAnyChannelUnderTheGivenName() throws IOException {
        Path path = write(twoArms(new McapTestWriter()).toBytes());
        try (McapFile file = McapFile.open(Files.newByteChannel(path), "upload-17.mcap")) {
            assertThat(file.name()).isEqualTo("upload-17.mcap");
            assertThat(file.messages().count()).isEqualTo(20);
        }
    }

    private static McapTestWriter configure(McapTestWriter writer, String compression, Layout layout) {
        writer.compression = compression;
        switch (layout) {
            case INDEXED -> {
            }
            case NO_SUMMARY -> writer.summary = false;
            case SUMMARY_WITHOUT_CHUNK_INDEX -> writer.chunkIndexes = false;
            case SUMMARY_WITHOUT_STATISTICS -> writer.statistics = false;
            case UNCHUNKED -> writer.chunked = false;
        }
        return writer;
    }

    private Path write(byte[] bytes) throws IOException {
        Path path = Files.createTempFile(folder, "recording", ".mcap");
        Files.write(path, bytes);
        return path;
    }
}
