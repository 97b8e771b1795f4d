package dev.touchstone.ingest.mcap;

import dev.touchstone.ingest.mcap.DecodedMessage.CompressedImage;
import dev.touchstone.ingest.mcap.DecodedMessage.CompressedVideo;
import dev.touchstone.ingest.mcap.DecodedMessage.Image;
import dev.touchstone.ingest.mcap.DecodedMessage.Imu;
import dev.touchstone.ingest.mcap.DecodedMessage.JointState;
import dev.touchstone.ingest.mcap.DecodedMessage.PointCloud;
import dev.touchstone.ingest.mcap.DecodedMessage.Quaternion;
import dev.touchstone.ingest.mcap.DecodedMessage.Stamp;
import dev.touchstone.ingest.mcap.DecodedMessage.Vector3;
import dev.touchstone.ingest.mcap.DecodedMessage.WrenchStamped;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Messages serialized by the test's own {@link CdrWriter} (and a hand-made protobuf), decoded back. */
class Ros2DecodingTest {

    private static final int FLOAT32 = 7;
    private static final int FLOAT64 = 8;
    private static final int UINT16 = 4;

    @Test
    void jointStateInBothByteOrders() {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            byte[] data = new CdrWriter(order).header(12, 345, "base_link").stringSequence("j1", "j2")
                    .float64Sequence(0.5, -1.25).float64Sequence().float64Sequence(3.0, 4.0).toBytes();
            JointState state = Ros2Decoders.jointState(ByteBuffer.wrap(data));
            assertThat(state.header().stamp()).isEqualTo(new Stamp(12, 345));
            assertThat(state.header().stamp().toNanos()).isEqualTo(12_000_000_345L);
            assertThat(state.header().frameId()).isEqualTo("base_link");
            assertThat(state.names()).containsExactly("j1", "j2");
            assertThat(state.position()).containsExactly(0.5, -1.25);
            assertThat(state.velocity()).isEmpty();
            assertThat(state.effort()).containsExactly(3.0, 4.0);
        }
    }

    @Test
    void jointStateAlignsDoublesAfterOddLengthStrings() {
        // "abc" + NUL ends 4-byte aligned, "ab" + NUL does not: the float64 sequence must skip padding either way.
        byte[] data = new CdrWriter().header(1, 2, "ab").stringSequence("x").float64Sequence(7.0)
                .float64Sequence(8.0).float64Sequence(9.0).toBytes();
        JointState state = Ros2Decoders.jointState(ByteBuffer.wrap(data));
        assertThat(state.position()).containsExactly(7.0);
        assertThat(state.velocity()).containsExactly(8.0);
        assertThat(state.effort()).containsExactly(9.0);
    }

    @Test
    void wrenchStamped() {
        byte[] data = new CdrWriter().header(5, 6, "ft_sensor").float64s(1, 2, 3).float64s(-4, -5, -6).toBytes();
        WrenchStamped wrench = Ros2Decoders.wrenchStamped(ByteBuffer.wrap(data));
        assertThat(wrench.header().frameId()).isEqualTo("ft_sensor");
        assertThat(wrench.force()).isEqualTo(new Vector3(1, 2, 3));
        assertThat(wrench.torque()).isEqualTo(new Vector3(-4, -5, -6));
    }

    @Test
    void imu() {
        double[] covariance = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        byte[] data = new CdrWriter().header(7, 8, "imu_link").float64s(0, 0, 0.7071, 0.7071).float64s(covariance)
                .float64s(0.1, 0.2, 0.3).float64s(-1).float64s(new double[8]).float64s(0, 0, 9.81)
                .float64s(covariance).toBytes();
        Imu imu = Ros2Decoders.imu(ByteBuffer.wrap(data));
        assertThat(imu.orientation()).isEqualTo(new Quaternion(0, 0, 0.7071, 0.7071));
        assertThat(imu.orientationCovariance()).containsExactly(covariance);
        assertThat(imu.angularVelocity()).isEqualTo(new Vector3(0.1, 0.2, 0.3));
        assertThat(imu.angularVelocityCovariance()[0]).isEqualTo(-1);
        assertThat(imu.linearAcceleration()).isEqualTo(new Vector3(0, 0, 9.81));
        assertThat(imu.linearAccelerationCovariance()).containsExactly(covariance);
    }

    @Test
    void pointCloudWithFloat32XyzIntensityAndPackedRgb() {
        // Layout of a typical depth camera cloud: x y z (float32), 4 bytes padding, intensity, rgb; point_step 24.
        int points = 3;
        ByteBuffer cloud = ByteBuffer.allocate(points * 24).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < points; i++) {
            int base = i * 24;
            cloud.putFloat(base, i).putFloat(base + 4, i + 0.5f).putFloat(base + 8, -i)
                    .putFloat(base + 16, 100 + i).putInt(base + 20, 0xFF000000 | (0x10 * (i + 1)) << 16 | 0x2233);
        }
        byte[] data = pointCloud2(new CdrWriter(), 1, points, false, 24, 24 * points, cloud.array(),
                field("x", 0, FLOAT32), field("y", 4, FLOAT32), field("z", 8, FLOAT32),
                field("intensity", 16, FLOAT32), field("rgb", 20, FLOAT32));
        PointCloud decoded = Ros2Decoders.pointCloud(ByteBuffer.wrap(data));
        assertThat(decoded.pointCount()).isEqualTo(3);
        assertThat(decoded.xyz()).containsExactly(0f, 0.5f, 0f, 1f, 1.5f, -1f, 2f, 2.5f, -2f);
        assertThat(decoded.intensity()).containsExactly(100f, 101f, 102f);
        assertThat(decoded.rgb()).containsExactly(0x102233, 0x202233, 0x302233);
        assertThat(decoded.fields()).extracting(DecodedMessage.PointField::name)
                .containsExactly("x", "y", "z", "intensity", "rgb");
        assertThat(decoded.dense()).isTrue();
    }

    @Test
    void pointCloudWithFloat64CoordinatesBigEndianDataAndPaddedRows() {
        // 2 rows of 2 points, each row padded to 40 bytes; coordinates are float64, intensity uint16.
        int pointStep = 18;
        int rowStep = 40;
        ByteBuffer cloud = ByteBuffer.allocate(2 * rowStep).order(ByteOrder.BIG_ENDIAN);
        int value = 0;
        for (int row = 0; row < 2; row++) {
            for (int column = 0; column < 2; column++, value++) {
                int base = row * rowStep + column * pointStep;
                cloud.putDouble(base, value).putDouble(base + 8, value * 10);
                cloud.putShort(base + 16, (short) (60000 + value));
            }
        }
        // z shares x's bytes here: odd, but allowed, and it shows that offsets are honored.
        byte[] data = pointCloud2(new CdrWriter(), 2, 2, true, pointStep, rowStep, cloud.array(),
                field("x", 0, FLOAT64), field("y", 8, FLOAT64), field("z", 0, FLOAT64),
                field("intensity", 16, UINT16));
        PointCloud decoded = Ros2Decoders.pointCloud(ByteBuffer.wrap(data));
        assertThat(decoded.height()).isEqualTo(2);
        assertThat(decoded.xyz()).containsExactly(0, 0, 0, 1, 10, 1, 2, 20, 2, 3, 30, 3);
        assertThat(decoded.intensity()).containsExactly(60000, 60001, 60002, 60003);
        assertThat(decoded.rgb()).isNull();
    }

    @Test
    void pointCloudWithoutXyzOrWithTooLittleDataIsRefused() {
        byte[] noZ = pointCloud2(new CdrWriter(), 1, 1, false, 8, 8, new byte[8], field("x", 0, FLOAT32),
                field("y", 4, FLOAT32));
        assertThatThrownBy(() -> Ros2Decoders.pointCloud(ByteBuffer.wrap(noZ)))
                .isInstanceOf(DecodeException.class).hasMessageContaining("no numeric x, y and z");
        byte[] short_ = pointCloud2(new CdrWriter(), 1, 4, false, 12, 48, new byte[40], field("x", 0, FLOAT32),
                field("y", 4, FLOAT32), field("z", 8, FLOAT32));
        assertThatThrownBy(() -> Ros2Decoders.pointCloud(ByteBuffer.wrap(short_)))
                .isInstanceOf(DecodeException.class).hasMessageContaining("holds 40 bytes");
        byte[] outside = pointCloud2(new CdrWriter(), 1, 1, false, 12, 12, new byte[12], field("x", 0, FLOAT32),
                field("y", 4, FLOAT32), field("z", 10, FLOAT32));
        assertThatThrownBy(() -> Ros2Decoders.pointCloud(ByteBuffer.wrap(outside)))
                .isInstanceOf(DecodeException.class).hasMessageContaining("does not fit in point_step");
    }

    @Test
    void imageKeepsItsPixelsWithoutCopying() {
        byte[] pixels = new byte[2 * 3 * 3];
        Arrays.fill(pixels, (byte) 7);
        byte[] data = new CdrWriter().header(1, 2, "camera").uint32(2).uint32(3).string("rgb8").uint8(0).uint32(9)
                .bytes(pixels).toBytes();
        Image image = Ros2Decoders.image(ByteBuffer.wrap(data));
        assertThat(image.height()).isEqualTo(2);
        assertThat(image.width()).isEqualTo(3);
        assertThat(image.encoding()).isEqualTo("rgb8");
        assertThat(image.bigEndian()).isFalse();
        assertThat(image.step()).isEqualTo(9);
        assertThat(image.data()).isEqualTo(ByteBuffer.wrap(pixels));
        assertThat(image.data().isReadOnly()).isTrue();
    }

    @Test
    void compressedImage() {
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9};
        byte[] data = new CdrWriter().header(3, 4, "camera").string("jpeg").bytes(jpeg).toBytes();
        CompressedImage image = Ros2Decoders.compressedImage(ByteBuffer.wrap(data));
        assertThat(image.format()).isEqualTo("jpeg");
        assertThat(image.data()).isEqualTo(ByteBuffer.wrap(jpeg));
    }

    @Test
    void compressedVideoFromRos2() {
        byte[] frame = {0, 0, 0, 1, 0x67, 0x42};
        byte[] data = new CdrWriter().int32(9).uint32(10).string("camera").bytes(frame).string("h264")
                .string("an-id-later-revisions-add").toBytes();
        CompressedVideo video = Ros2Decoders.compressedVideo(ByteBuffer.wrap(data));
        assertThat(video.timestamp()).isEqualTo(new Stamp(9, 10));
        assertThat(video.frameId()).isEqualTo("camera");
        assertThat(video.data()).isEqualTo(ByteBuffer.wrap(frame));
        assertThat(video.format()).isEqualTo("h264");
    }

    @Test
    void compressedVideoFromProtobuf() {
        byte[] frame = {0, 0, 0, 1, 0x65};
        ByteArrayOutputStream timestamp = new ByteArrayOutputStream();
        tag(timestamp, 1, 0);
        varint(timestamp, 1_700_000_000L);
        tag(timestamp, 2, 0);
        varint(timestamp, 250_000_000L);
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        // Fields out of order and an unknown fixed32 field: protobuf readers must cope with both.
        lengthDelimited(message, 4, "h265".getBytes(StandardCharsets.UTF_8));
        tag(message, 50, 5);
        message.writeBytes(new byte[4]);
        lengthDelimited(message, 1, timestamp.toByteArray());
        lengthDelimited(message, 2, "front_camera".getBytes(StandardCharsets.UTF_8));
        lengthDelimited(message, 3, frame);
        CompressedVideo video = ProtobufDecoders.compressedVideo(ByteBuffer.wrap(message.toByteArray()));
        assertThat(video.timestamp()).isEqualTo(new Stamp(1_700_000_000L, 250_000_000L));
        assertThat(video.frameId()).isEqualTo("front_camera");
        assertThat(video.format()).isEqualTo("h265");
        assertThat(video.data()).isEqualTo(ByteBuffer.wrap(frame));
    }

    @Test
    void truncatedProtobufIsADecodeError() {
        byte[] cut = {0x1A, 0x10, 1, 2};
        assertThatThrownBy(() -> ProtobufDecoders.compressedVideo(ByteBuffer.wrap(cut)))
                .isInstanceOf(DecodeException.class).hasMessageContaining("does not fit");
    }

    @Test
    void corruptCdrIsADecodeErrorNotAHugeAllocation() {
        byte[] valid = CdrWriter.jointState(1, 2, "f", new String[] {"a"}, new double[] {1}, new double[0],
                new double[0]);
        byte[] hugeCount = valid.clone();
        // The name sequence's count sits right after the 4-byte header, 8-byte stamp and "f" string (4+2, +2 pad).
        ByteBuffer.wrap(hugeCount).order(ByteOrder.LITTLE_ENDIAN).putInt(4 + 8 + 8, Integer.MAX_VALUE);
        assertThatThrownBy(() -> Ros2Decoders.jointState(ByteBuffer.wrap(hugeCount)))
                .isInstanceOf(DecodeException.class).hasMessageContaining("does not fit");
        assertThatThrownBy(() -> Ros2Decoders.jointState(ByteBuffer.wrap(valid, 0, valid.length - 4)))
                .isInstanceOf(DecodeException.class).hasMessageContaining("ends early");
        byte[] xcdr2 = valid.clone();
        xcdr2[1] = 0x07;
        assertThatThrownBy(() -> Ros2Decoders.jointState(ByteBuffer.wrap(xcdr2)))
                .isInstanceOf(DecodeException.class).hasMessageContaining("encapsulation 0x0007");
        assertThatThrownBy(() -> Ros2Decoders.jointState(ByteBuffer.wrap(new byte[2])))
                .isInstanceOf(DecodeException.class).hasMessageContaining("shorter than");
    }

    private record Field(String name, int offset, int datatype) {
    }

    private static Field field(String name, int offset, int datatype) {
        return new Field(name, offset, datatype);
    }

    private static byte[] pointCloud2(CdrWriter cdr, int height, int width, boolean bigEndian, int pointStep,
                                      int rowStep, byte[] points, Field... fields) {
        cdr.header(1, 2, "lidar").uint32(height).uint32(width).uint32(fields.length);
        for (Field field : fields) {
            cdr.string(field.name()).uint32(field.offset()).uint8(field.datatype()).uint32(1);
        }
        return cdr.bool(bigEndian).uint32(pointStep).uint32(rowStep).bytes(points).bool(true).toBytes();
    }

    private static void tag(ByteArrayOutputStream out, int field, int wireType) {
        varint(out, (long) field << 3 | wireType);
    }

    private static void lengthDelimited(ByteArrayOutputStream out, int field, byte[] value) {
        tag(out, field, 2);
        varint(out, value.length);
        out.writeBytes(value);
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }
}
