package dev.touchstone.ingest.mcap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real recordings written by libmcap (rosbag2's storage plugin), kept in the project's shared samples folder. The
 * expected values were read from the files' bytes with a hex dump, not taken from this reader.
 */
class SampleFilesTest {

    private static final Path SAMPLES = Path.of("..", "shared", "samples", "mcap");
    private static final Path CDR_TEST = SAMPLES.resolve("cdr_test_0.mcap");
    private static final Path SEEK_TEST = SAMPLES.resolve("test_bag_for_seek_0.mcap");

    @BeforeAll
    static void samplesPresent() {
        assumeTrue(Files.isDirectory(SAMPLES), "MCAP samples not found at " + SAMPLES.toAbsolutePath()
                + " (they live in the project's shared folder next to the repository); skipping sample tests");
    }

    @Test
    void cdrTestSummaryComesFromItsSummarySection() throws Exception {
        try (McapFile file = McapFile.open(CDR_TEST)) {
            McapSummary summary = file.summary();
            assertThat(summary.source()).isEqualTo(McapSummary.Source.SUMMARY_SECTION);
            assertThat(summary.profile()).isEqualTo("ros2");
            assertThat(summary.library()).isEqualTo("libmcap 0.8.0");
            assertThat(summary.schemas().values()).extracting(McapRecord.Schema::id, McapRecord.Schema::name,
                            McapRecord.Schema::encoding)
                    .containsExactly(
                            tuple(1, "test_msgs/msg/BasicTypes", "ros2msg"),
                            tuple(2, "test_msgs/msg/Arrays", "ros2msg"));
            assertThat(summary.schemas().get(1).text()).startsWith("bool bool_value\nbyte byte_value\n");
            assertThat(summary.channelInfos()).extracting(McapSummary.ChannelInfo::id,
                            McapSummary.ChannelInfo::topic, McapSummary.ChannelInfo::messageEncoding,
                            McapSummary.ChannelInfo::schemaName, McapSummary.ChannelInfo::schemaEncoding,
                            McapSummary.ChannelInfo::messageCount)
                    .containsExactly(
                            tuple(1, "/test_topic", "cdr", "test_msgs/msg/BasicTypes",
                                    "ros2msg", 3L),
                            tuple(2, "/array_topic", "cdr", "test_msgs/msg/Arrays",
                                    "ros2msg", 4L));
            assertThat(summary.channels().get(1).metadata()).containsKeys("offered_qos_profiles",
                    "topic_type_hash");
            assertThat(summary.messageCount()).isEqualTo(7);
            assertThat(summary.chunkCount()).isEqualTo(1);
            assertThat(summary.messageStartTime()).isEqualTo(1_586_406_456_763_032_325L);
            assertThat(summary.messageEndTime()).isEqualTo(1_586_406_456_914_169_506L);
            assertThat(summary.indexed()).isTrue();
        }
    }

    @Test
    void cdrTestMessagesComeInLogTimeOrderWithTheirPayloads() throws Exception {
        try (McapFile file = McapFile.open(CDR_TEST)) {
            List<McapMessage> messages = file.messages().toList();
            assertThat(messages).extracting(McapMessage::logTime).containsExactly(
                    1_586_406_456_763_032_325L, 1_586_406_456_782_683_500L, 1_586_406_456_812_989_925L,
                    1_586_406_456_814_049_600L, 1_586_406_456_863_382_628L, 1_586_406_456_866_330_524L,
                    1_586_406_456_914_169_506L);
            assertThat(messages).extracting(message -> message.channel().topic()).containsExactly(
                    "/test_topic", "/array_topic", "/test_topic", "/array_topic", "/test_topic", "/array_topic",
                    "/array_topic");
            assertThat(messages).allSatisfy(message -> assertThat(message.publishTime())
                    .isEqualTo(message.logTime()));

            List<McapMessage> basic = file.messages(List.of(1)).toList();
            assertThat(basic).hasSize(3).allSatisfy(message -> {
                assertThat(message.data().remaining()).isEqualTo(52);
                assertThat(message.schema().name()).isEqualTo("test_msgs/msg/BasicTypes");
                assertThat(basicTypesInt32(message)).isEqualTo(123);
            });
            assertThat(file.messages(List.of(2)).toList()).hasSize(4)
                    .allSatisfy(message -> assertThat(message.data().remaining()).isEqualTo(696));
        }
    }

    @Test
    void cdrTestFullScanAgreesWithTheSummary() throws Exception {
        try (McapFile file = McapFile.open(CDR_TEST)) {
            McapSummary scanned = file.verify();
            assertThat(scanned.source()).isEqualTo(McapSummary.Source.FULL_SCAN);
            assertThat(scanned.messageCounts()).isEqualTo(file.summary().messageCounts());
            assertThat(scanned.messageStartTime()).isEqualTo(file.summary().messageStartTime());
            assertThat(scanned.messageEndTime()).isEqualTo(file.summary().messageEndTime());
            assertThat(scanned.channels()).isEqualTo(file.summary().channels());
            assertThat(file.messages(MessageQuery.all().inOrder(MessageOrder.FILE)).count()).isEqualTo(7);
        }
    }

    @Test
    void cdrTestRecordsAreTheOnesInTheFile() throws Exception {
        List<String> records = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        try (McapRecordReader reader = McapRecordReader.open(CDR_TEST)) {
            for (McapRecord record = reader.next(); record != null; record = reader.next()) {
                records.add(record.opcode().recordName());
                offsets.add(reader.offset());
                if (record instanceof McapRecord.Chunk chunk) {
                    assertThat(chunk.compression()).isEmpty();
                    assertThat(chunk.uncompressedSize()).isEqualTo(6614);
                    assertThat(reader.chunkRecords(chunk, reader.offset()))
                            .extracting(inner -> inner.opcode().recordName())
                            .containsExactly("Schema", "Channel", "Message", "Schema", "Channel", "Message",
                                    "Message", "Message", "Message", "Message", "Message");
                }
                if (record instanceof McapRecord.ChunkIndex index) {
                    assertThat(index.chunkStartOffset()).isEqualTo(42);
                    assertThat(index.messageIndexOffsets()).containsEntry(1, 6784L).containsEntry(2, 6705L);
                }
            }
        }
        assertThat(records).containsExactly("Header", "Chunk", "MessageIndex", "MessageIndex", "DataEnd", "Schema",
                "Schema", "Channel", "Channel", "Statistics", "ChunkIndex", "SummaryOffset", "SummaryOffset",
                "SummaryOffset", "SummaryOffset", "Footer");
        assertThat(offsets).startsWith(8L, 42L, 6705L, 6784L, 6847L, 6860L).endsWith(10589L);
    }

    @Test
    void seekBagHoldsFiveMessagesTenthsOfASecondApart() throws Exception {
        try (McapFile file = McapFile.open(SEEK_TEST)) {
            McapSummary summary = file.summary();
            assertThat(summary.profile()).isEqualTo("ros2");
            assertThat(summary.channelInfos()).singleElement().satisfies(channel -> {
                assertThat(channel.topic()).isEqualTo("topic1");
                assertThat(channel.messageEncoding()).isEqualTo("cdr");
                assertThat(channel.schemaName()).isEqualTo("test_msgs/BasicTypes");
                assertThat(channel.messageCount()).isEqualTo(5);
            });
            assertThat(summary.messageStartTime()).isEqualTo(1_000_000_000L);
            assertThat(summary.messageEndTime()).isEqualTo(1_400_000_000L);

            List<McapMessage> messages = file.messages().toList();
            assertThat(messages).extracting(McapMessage::logTime).containsExactly(1_000_000_000L, 1_100_000_000L,
                    1_200_000_000L, 1_300_000_000L, 1_400_000_000L);
            assertThat(messages).extracting(SampleFilesTest::basicTypesInt32).containsExactly(1, 2, 3, 4, 5);

            assertThat(file.messages(MessageQuery.all().between(1_100_000_000L, 1_300_000_000L)))
                    .extracting(McapMessage::logTime)
                    .containsExactly(1_100_000_000L, 1_200_000_000L, 1_300_000_000L);
        }
    }

    @Test
    void testTypesAreListedAsUnsupportedWithTheirName() throws Exception {
        try (McapFile file = McapFile.open(CDR_TEST)) {
            McapRecord.Channel channel = file.summary().channels().get(1);
            StreamMapping mapping = StreamClassifier.classify(channel, file.summary().schemaOf(channel));
            assertThat(mapping.kind()).isEqualTo(StreamKind.UNSUPPORTED);
            assertThat(mapping.note()).contains("/test_topic", "test_msgs/msg/BasicTypes", "no decoder");
        }
    }

    /**
     * test_msgs/BasicTypes: bool, byte, char, float32, float64, int8, uint8, int16, uint16, then int32_value, the
     * one field the samples set to something other than zero.
     */
    private static int basicTypesInt32(McapMessage message) {
        CdrReader cdr = new CdrReader(message.data());
        cdr.bool();
        cdr.uint8();
        cdr.uint8();
        cdr.float32();
        cdr.float64();
        cdr.uint8();
        cdr.uint8();
        cdr.int16();
        cdr.uint16();
        return cdr.int32();
    }
}
