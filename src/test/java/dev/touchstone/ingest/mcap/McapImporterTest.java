package dev.touchstone.ingest.mcap;

import dev.touchstone.dataset.StreamDataException;
import dev.touchstone.dataset.signal.SignalChannel;
import dev.touchstone.ingest.EpisodeSource;
import dev.touchstone.ingest.FakeRecorder;
import dev.touchstone.ingest.ImportFormatException;
import dev.touchstone.ingest.ImportProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class McapImporterTest {

    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final int FLOAT32 = 7;

    @TempDir
    Path dir;

    private final McapImporter importer = new McapImporter();

    /** A small bag with one channel of every supported type and one unsupported channel. */
    private static McapTestWriter robotBag(String layout) {
        McapTestWriter writer = new McapTestWriter();
        if (layout.equals("unchunked")) {
            writer.chunked = false;
        } else {
            writer.compression = layout;
        }
        writer.schema(1, "sensor_msgs/msg/JointState", "ros2msg", "")
                .schema(2, "geometry_msgs/msg/WrenchStamped", "ros2msg", "")
                .schema(3, "sensor_msgs/msg/Imu", "ros2msg", "")
                .schema(4, "sensor_msgs/msg/PointCloud2", "ros2msg", "")
                .schema(5, "sensor_msgs/msg/Image", "ros2msg", "")
                .schema(6, "sensor_msgs/msg/CompressedImage", "ros2msg", "")
                .schema(7, "foxglove_msgs/msg/CompressedVideo", "ros2msg", "")
                .schema(8, "std_msgs/msg/String", "ros2msg", "string data")
                .channel(1, 1, "/joint_states", "cdr")
                .channel(2, 2, "/wrist/ft", "cdr")
                .channel(3, 3, "/imu", "cdr")
                .channel(4, 4, "/lidar", "cdr")
                .channel(5, 5, "/cam/raw", "cdr")
                .channel(6, 6, "/cam/jpeg", "cdr")
                .channel(7, 7, "/cam/h264", "cdr")
                .channel(8, 8, "/chatter", "cdr");
        // The unsupported channel's message comes first: it must not move the episode start.
        writer.message(8, T0 - 5 * MS, new CdrWriter().string("hello").toBytes());
        for (int i = 0; i < 3; i++) {
            long t = T0 + i * 10 * MS;
            writer.message(1, t, CdrWriter.jointState(1, 0, "", new String[] {"shoulder", "elbow"},
                    new double[] {0.1 * i, 0.2 * i}, new double[] {1, 2}, new double[0]));
            writer.message(2, t + MS, new CdrWriter().header(0, 0, "ft").float64s(1, 2, 3 + i)
                    .float64s(4, 5, 6).toBytes());
            writer.message(3, t + 2 * MS, new CdrWriter().header(0, 0, "imu").float64s(0, 0, 0, 1)
                    .float64s(new double[9]).float64s(0.1, 0.2, 0.3).float64s(new double[9])
                    .float64s(0, 0, 9.81).float64s(new double[9]).toBytes());
            writer.message(4, t + 3 * MS, cloud(i));
            writer.message(5, t + 4 * MS, new CdrWriter().header(0, 0, "cam").uint32(2).uint32(3).string("rgb8")
                    .uint8(0).uint32(9).bytes(new byte[18]).toBytes());
            writer.message(6, t + 5 * MS, new CdrWriter().header(0, 0, "cam").string("jpeg")
                    .bytes(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) i}).toBytes());
            byte[] packet = i == 0 ? new byte[] {0, 0, 0, 1, 0x67, 0, 0, 0, 1, 0x65, 1} : new byte[] {0, 0, 1, 0x41};
            writer.message(7, t + 6 * MS, new CdrWriter().int32(0).uint32(0).string("cam").bytes(packet)
                    .string("h264").toBytes());
        }
        return writer;
    }

    /** Two points, the second invalid (NaN x): a non-dense cloud as a LiDAR without a return sends it. */
    private static byte[] cloud(int i) {
        ByteBuffer points = ByteBuffer.allocate(2 * 12).order(ByteOrder.LITTLE_ENDIAN);
        points.putFloat(i).putFloat(1).putFloat(2).putFloat(Float.NaN).putFloat(0).putFloat(0);
        CdrWriter cdr = new CdrWriter().header(0, 0, "lidar").uint32(1).uint32(2).uint32(3);
        for (String axis : new String[] {"x", "y", "z"}) {
            cdr.string(axis).uint32("xyz".indexOf(axis) * 4L).uint8(FLOAT32).uint32(1);
        }
        return cdr.bool(false).uint32(12).uint32(24).bytes(points.array()).bool(false).toBytes();
    }

    private FakeRecorder importBytes(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        assertThat(importer.accepts(file)).isTrue();
        List<EpisodeSource> episodes = importer.episodes(file);
        assertThat(episodes).hasSize(1);
        FakeRecorder recorder = new FakeRecorder();
        importer.read(episodes.getFirst(), recorder, ImportProgress.NONE);
        return recorder;
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "zstd", "lz4", "unchunked"})
    void everySupportedTypeBecomesItsStream(String layout) throws IOException {
        FakeRecorder recorder = importBytes("bag_" + layout + ".mcap", robotBag(layout).toBytes());

        assertThat(recorder.description.name()).isEqualTo("bag_" + layout);
        assertThat(recorder.description.sourceFormat()).isEqualTo("mcap");
        assertThat(recorder.description.metadata()).containsEntry("mcap.startLogTimeNanos", Long.toString(T0));
        assertThat(recorder.streams.keySet()).containsExactlyInAnyOrder("joint_states", "wrist/ft", "imu", "lidar",
                "cam/raw", "cam/jpeg", "cam/h264");

        FakeRecorder.Recorded joints = recorder.streams.get("joint_states");
        assertThat(joints.channels).containsExactly(new SignalChannel("shoulder/position", "rad"),
                new SignalChannel("shoulder/velocity", "rad/s"), new SignalChannel("elbow/position", "rad"),
                new SignalChannel("elbow/velocity", "rad/s"));
        assertThat(joints.times).containsExactly(0L, 10 * MS, 20 * MS);
        assertThat(joints.values.get(2)).containsExactly(0.2, 1, 0.4, 2);
        assertThat(joints.source.detail()).isEqualTo("/joint_states");

        FakeRecorder.Recorded wrench = recorder.streams.get("wrist/ft");
        assertThat(wrench.channels).extracting(SignalChannel::name).containsExactly("force.x", "force.y",
                "force.z", "torque.x", "torque.y", "torque.z");
        assertThat(wrench.channels).extracting(SignalChannel::unit).containsExactly("N", "N", "N", "N·m", "N·m",
                "N·m");
        assertThat(wrench.times).containsExactly(MS, 11 * MS, 21 * MS);
        assertThat(wrench.values.get(1)).containsExactly(1, 2, 4, 4, 5, 6);

        FakeRecorder.Recorded imu = recorder.streams.get("imu");
        assertThat(imu.channels).hasSize(10);
        assertThat(imu.values.getFirst()).containsExactly(0, 0, 0, 1, 0.1, 0.2, 0.3, 0, 0, 9.81);

        FakeRecorder.Recorded lidar = recorder.streams.get("lidar");
        assertThat(lidar.clouds).hasSize(3).allSatisfy(cloud -> {
            assertThat(cloud.pointCount()).isEqualTo(1);
            assertThat(cloud.droppedPoints()).isEqualTo(1);
        });
        assertThat(lidar.clouds.get(2).xyz()).containsExactly(2f, 1f, 2f);
        assertThat(recorder.notes).anyMatch(note -> note.contains("/lidar") && note.contains("dropped 3 invalid"));

        assertThat(recorder.streams.get("cam/raw").frames).containsOnly("rgb8 3x2");
        assertThat(recorder.streams.get("cam/jpeg").frames).containsExactly("encoded", "encoded", "encoded");
        FakeRecorder.Recorded video = recorder.streams.get("cam/h264");
        assertThat(video.codec).isEqualTo("h264");
        assertThat(video.frames).containsExactly("key", "delta", "delta");
        assertThat(video.times.getFirst()).isEqualTo(6 * MS);

        assertThat(recorder.notes).anyMatch(note -> note.contains("/chatter") && note.contains("skipped")
                && note.contains("std_msgs/msg/String"));
    }

    @Test
    void protobufVideoAndUnsupportedImageEncodingsAreHandled() throws IOException {
        McapTestWriter writer = new McapTestWriter();
        writer.compression = "zstd";
        writer.schema(1, "foxglove.CompressedVideo", "protobuf", "")
                .schema(2, "sensor_msgs/msg/Image", "ros2msg", "")
                .channel(1, 1, "/front/video", "protobuf")
                .channel(2, 2, "/front/bayer", "cdr");
        for (int i = 0; i < 3; i++) {
            // VP9: frame marker 0b10, profile 0, show_existing_frame 0, then frame_type 0 (key) or 1.
            byte first = (byte) (i == 0 ? 0x80 : 0x84);
            writer.message(1, T0 + i * 33 * MS, protobufVideo(new byte[] {first, 0x49, (byte) 0x83}, "vp9"));
            writer.message(2, T0 + i * 33 * MS + MS, new CdrWriter().header(0, 0, "cam").uint32(2).uint32(2)
                    .string("bayer_rggb8").uint8(0).uint32(2).bytes(new byte[4]).toBytes());
        }
        FakeRecorder recorder = importBytes("video.mcap", writer.toBytes());

        FakeRecorder.Recorded video = recorder.streams.get("front/video");
        assertThat(video.codec).isEqualTo("vp9");
        assertThat(video.frames).containsExactly("key", "delta", "delta");
        assertThat(video.times).containsExactly(0L, 33 * MS, 66 * MS);
        assertThat(recorder.streams).doesNotContainKey("front/bayer");
        assertThat(recorder.notes).anyMatch(n -> n.contains("/front/bayer") && n.contains("skipped 3 images")
                && n.contains("bayer_rggb8"));
    }

    /** foxglove.CompressedVideo on the wire: timestamp (1), frame_id (2), data (3), format (4). */
    private static byte[] protobufVideo(byte[] data, String format) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x0a, 0x04, 0x08, 0x01, 0x10, 0x02});
        out.writeBytes(new byte[] {0x12, 0x03, 'c', 'a', 'm'});
        out.write(0x1a);
        out.write(data.length);
        out.writeBytes(data);
        out.write(0x22);
        out.write(format.length());
        out.writeBytes(format.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    @Test
    void timeGoingBackwardsWithinAChannelIsNamed() throws IOException {
        McapTestWriter writer = new McapTestWriter();
        writer.chunked = false;
        writer.schema(1, "geometry_msgs/msg/WrenchStamped", "ros2msg", "")
                .channel(1, 1, "/ft", "cdr");
        byte[] wrench = new CdrWriter().header(0, 0, "").float64s(1, 2, 3, 4, 5, 6).toBytes();
        writer.message(1, T0, wrench).message(1, T0 + 2 * MS, wrench).message(1, T0 + MS, wrench);

        assertThatThrownBy(() -> importBytes("backwards.mcap", writer.toBytes()))
                .isInstanceOf(StreamDataException.class)
                .hasMessageContaining("backwards.mcap")
                .hasMessageContaining("'ft'")
                .hasMessageContaining("timestamps must increase");
    }

    @Test
    void equalLogTimesInAChunkedFileAreRefused() throws IOException {
        McapTestWriter writer = new McapTestWriter();
        writer.compression = "zstd";
        writer.schema(1, "geometry_msgs/msg/WrenchStamped", "ros2msg", "").channel(1, 1, "/ft", "cdr");
        byte[] wrench = new CdrWriter().header(0, 0, "").float64s(1, 2, 3, 4, 5, 6).toBytes();
        writer.message(1, T0, wrench).message(1, T0, wrench);

        assertThatThrownBy(() -> importBytes("same.mcap", writer.toBytes()))
                .isInstanceOf(StreamDataException.class).hasMessageContaining("same.mcap")
                .hasMessageContaining("timestamps must increase");
    }

    @Test
    void changingJointNamesAreRefused() throws IOException {
        McapTestWriter writer = new McapTestWriter();
        writer.schema(1, "sensor_msgs/msg/JointState", "ros2msg", "").channel(1, 1, "/joints", "cdr");
        writer.message(1, T0, CdrWriter.jointState(0, 0, "", new String[] {"a", "b"}, new double[] {1, 2},
                new double[0], new double[0]));
        writer.message(1, T0 + MS, CdrWriter.jointState(0, 0, "", new String[] {"b", "a"}, new double[] {1, 2},
                new double[0], new double[0]));

        assertThatThrownBy(() -> importBytes("joints.mcap", writer.toBytes()))
                .isInstanceOf(StreamDataException.class).hasMessageContaining("joints.mcap")
                .hasMessageContaining("'joints'").hasMessageContaining("joint names changed");
    }

    @Test
    void aBadChunkCrcIsAFormatErrorNamingTheFile() throws IOException {
        McapTestWriter writer = robotBag("zstd");
        byte[] bytes = writer.toBytes();
        // The chunk's uncompressed CRC sits after start, end and uncompressed size (3 x u64) and the 9-byte prefix.
        int crcAt = Math.toIntExact(writer.chunkOffsets.getFirst() + 9 + 24);
        bytes[crcAt] ^= 0x01;

        assertThatThrownBy(() -> importBytes("badcrc.mcap", bytes))
                .isInstanceOf(ImportFormatException.class)
                .hasMessageStartingWith("badcrc.mcap: ")
                .hasMessageContaining("CRC")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("badcrc.mcap: badcrc.mcap"));
    }

    @Test
    void aTruncatedFileIsAFormatErrorNamingTheFile() throws IOException {
        byte[] bytes = robotBag("lz4").toBytes();
        byte[] truncated = Arrays.copyOf(bytes, bytes.length * 2 / 3);

        assertThatThrownBy(() -> importBytes("cut.mcap", truncated))
                .isInstanceOf(ImportFormatException.class)
                .hasMessageStartingWith("cut.mcap: ")
                .hasMessageContaining("truncated");
    }

    @Test
    void aMessageThatDoesNotDecodeNamesTopicAndTime() throws IOException {
        McapTestWriter writer = new McapTestWriter();
        writer.schema(1, "sensor_msgs/msg/Imu", "ros2msg", "").channel(1, 1, "/imu", "cdr");
        writer.message(1, T0, new CdrWriter().header(0, 0, "imu").float64s(1, 2).toBytes());

        assertThatThrownBy(() -> importBytes("short.mcap", writer.toBytes()))
                .isInstanceOf(ImportFormatException.class)
                .hasMessageContaining("short.mcap").hasMessageContaining("topic /imu")
                .hasMessageContaining(Long.toString(T0));
    }

    @Test
    void acceptsOnlyMcapFilesWithTheMagic() throws IOException {
        Path good = dir.resolve("a.mcap");
        Files.write(good, robotBag("").toBytes());
        Path wrongName = dir.resolve("a.bag");
        Files.write(wrongName, robotBag("").toBytes());
        Path noMagic = dir.resolve("b.mcap");
        Files.writeString(noMagic, "not an mcap file");

        assertThat(importer.accepts(good)).isTrue();
        assertThat(importer.accepts(wrongName)).isFalse();
        assertThat(importer.accepts(noMagic)).isFalse();
        assertThat(importer.accepts(dir)).isFalse();
    }

    @Test
    void progressIsReportedAndEnds() throws IOException {
        McapTestWriter writer = new McapTestWriter();
        writer.compression = "zstd";
        writer.chunkSize = 100;
        writer.schema(1, "geometry_msgs/msg/WrenchStamped", "ros2msg", "").channel(1, 1, "/ft", "cdr");
        byte[] wrench = new CdrWriter().header(0, 0, "").float64s(1, 2, 3, 4, 5, 6).toBytes();
        for (int i = 0; i < 1000; i++) {
            writer.message(1, T0 + i * MS, wrench);
        }
        Path file = dir.resolve("long.mcap");
        Files.write(file, writer.toBytes());
        List<Double> fractions = new ArrayList<>();
        importer.read(importer.episodes(file).getFirst(), new FakeRecorder(),
                (fraction, message) -> fractions.add(fraction));

        assertThat(fractions).hasSizeGreaterThan(3).isSorted();
        assertThat(fractions.getLast()).isEqualTo(1.0);
    }

    @Test
    void realSampleWithOnlyTestMessagesListsEveryChannelAsSkipped() throws IOException {
        Path sample = Path.of("..", "shared", "samples", "mcap", "cdr_test_0.mcap");
        assumeTrue(Files.isRegularFile(sample), "MCAP sample not found at " + sample.toAbsolutePath()
                + " (the project's shared samples folder); skipping");
        assertThat(importer.accepts(sample)).isTrue();
        FakeRecorder recorder = new FakeRecorder();
        importer.read(importer.episodes(sample).getFirst(), recorder, ImportProgress.NONE);

        assertThat(recorder.description.name()).isEqualTo("cdr_test_0");
        assertThat(recorder.streams).isEmpty();
        assertThat(recorder.notes).anyMatch(n -> n.contains("/test_topic") && n.contains("test_msgs/msg/BasicTypes")
                && n.contains("3 messages"));
        assertThat(recorder.notes).anyMatch(n -> n.contains("/array_topic") && n.contains("4 messages"));
    }

    @Test
    void secondRealSampleOpensAndListsItsChannels() throws IOException {
        Path sample = Path.of("..", "shared", "samples", "mcap", "test_bag_for_seek_0.mcap");
        assumeTrue(Files.isRegularFile(sample), "MCAP sample not found at " + sample.toAbsolutePath()
                + " (the project's shared samples folder); skipping");
        FakeRecorder recorder = new FakeRecorder();
        importer.read(importer.episodes(sample).getFirst(), recorder, ImportProgress.NONE);

        assertThat(recorder.description.sourceFile()).isEqualTo("test_bag_for_seek_0.mcap");
        assertThat(recorder.notes).isNotEmpty().allSatisfy(n -> assertThat(n).startsWith("test_bag_for_seek_0.mcap"));
    }
}
