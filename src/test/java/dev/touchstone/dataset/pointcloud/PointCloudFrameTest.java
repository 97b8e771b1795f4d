package dev.touchstone.dataset.pointcloud;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PointCloudFrameTest {

    private static PointCloud cloud(int points, boolean withIntensity, boolean withRgb) {
        float[] xyz = new float[3 * points];
        float[] intensity = withIntensity ? new float[points] : null;
        byte[] rgb = withRgb ? new byte[3 * points] : null;
        for (int i = 0; i < points; i++) {
            xyz[3 * i] = i * 0.5f - 1;
            xyz[3 * i + 1] = -i * 1.25f;
            xyz[3 * i + 2] = i * i;
            if (withIntensity) {
                intensity[i] = 10 * i + 0.5f;
            }
            if (withRgb) {
                rgb[3 * i] = (byte) (250 - i);
                rgb[3 * i + 1] = (byte) i;
                rgb[3 * i + 2] = (byte) 0x80;
            }
        }
        List<String> fields = new ArrayList<>(List.of("x", "y", "z"));
        if (withIntensity) {
            fields.add("intensity");
        }
        if (withRgb) {
            fields.add("rgb");
        }
        return PointCloud.of(xyz, intensity, rgb, fields, 0);
    }

    @ParameterizedTest
    @CsvSource({
            "0, false, false", "0, true, true",
            "1, false, false", "1, true, false", "1, false, true", "1, true, true",
            "2, false, true", "3, false, true", "5, true, true", "1000, true, true"})
    void roundTripsEveryCombinationOfAttributes(int points, boolean withIntensity, boolean withRgb) throws Exception {
        PointCloud cloud = cloud(points, withIntensity, withRgb);
        PointCloudFrame frame = new PointCloudFrame(1_700_000_000_123_456_789L, cloud);

        byte[] bytes = frame.encode();
        PointCloudFrame decoded = PointCloudFrame.decode(bytes, "frame.bin");

        assertThat(bytes).hasSize(frame.encodedLength());
        assertThat(bytes.length % 4).isZero();
        assertThat(decoded).isEqualTo(frame);
        assertThat(decoded.cloud()).isEqualTo(cloud);
    }

    @Test
    void laysOutBytesAsTheFormatDocumentSays() {
        PointCloud cloud = PointCloud.of(new float[] {1, 2, 3, -4, 5.5f, 6}, new float[] {0.25f, 7},
                new byte[] {(byte) 255, 0, 16, 1, 2, 3}, List.of("x", "y", "z", "intensity", "rgb"), 0);

        byte[] bytes = new PointCloudFrame(42, cloud).encode();
        ByteBuffer frame = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);

        assertThat(new String(bytes, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("TSPC");
        assertThat(frame.getShort(4)).isEqualTo((short) 1);
        assertThat(frame.getShort(6)).isEqualTo((short) 3);
        assertThat(frame.getInt(8)).isEqualTo(2);
        assertThat(frame.getInt(12)).isEqualTo(48);
        assertThat(frame.getLong(16)).isEqualTo(42);
        assertThat(List.of(frame.getFloat(24), frame.getFloat(28), frame.getFloat(32), frame.getFloat(36),
                frame.getFloat(40), frame.getFloat(44))).containsExactly(-4f, 2f, 3f, 1f, 5.5f, 6f);
        float[] xyz = new float[6];
        frame.position(48).asFloatBuffer().get(xyz);
        assertThat(xyz).containsExactly(1, 2, 3, -4, 5.5f, 6);
        assertThat(frame.getFloat(72)).isEqualTo(0.25f);
        assertThat(frame.getFloat(76)).isEqualTo(7f);
        assertThat(Arrays.copyOfRange(bytes, 80, 86)).containsExactly(255, 0, 16, 1, 2, 3);
        // 86 bytes of content, padded with zeros to 88.
        assertThat(bytes).hasSize(88);
        assertThat(bytes[86]).isZero();
        assertThat(bytes[87]).isZero();
    }

    @Test
    void readsConcatenatedFramesOneAfterAnother() throws Exception {
        PointCloudFrame first = new PointCloudFrame(0, cloud(1, false, true)); // 63 bytes of content, padded
        PointCloudFrame second = new PointCloudFrame(33_000_000, cloud(4, true, false));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        first.writeTo(out);
        second.writeTo(out);
        ByteBuffer chunk = ByteBuffer.wrap(out.toByteArray());

        assertThat(PointCloudFrame.read(chunk, "chunk")).isEqualTo(first);
        assertThat(chunk.position()).isEqualTo(64);
        assertThat(PointCloudFrame.read(chunk, "chunk")).isEqualTo(second);
        assertThat(chunk.hasRemaining()).isFalse();
    }

    @Test
    void keepsOnlyKeptPointsAndNamesTheStoredAttributes() throws Exception {
        PointCloud fromFile = PointCloud.of(new float[] {1, 2, 3}, new float[] {9}, null,
                List.of("x", "y", "z", "intensity", "ring", "time"), 5);

        PointCloud decoded = PointCloudFrame.decode(new PointCloudFrame(1, fromFile).encode(), "f").cloud();

        assertThat(decoded.sourceFields()).containsExactly("x", "y", "z", "intensity");
        assertThat(decoded.droppedPoints()).isZero();
        assertThat(decoded.xyz()).isEqualTo(fromFile.xyz());
    }

    @Test
    void writesBoundsComputedFromThePointsNotTheRecord() throws Exception {
        PointCloud lying = new PointCloud(1, new float[] {1, 2, 3}, null, null, List.of("x", "y", "z"),
                PointCloud.Bounds.EMPTY, 0);

        PointCloud decoded = PointCloudFrame.decode(new PointCloudFrame(0, lying).encode(), "f").cloud();

        assertThat(decoded.bounds()).isEqualTo(new PointCloud.Bounds(1, 2, 3, 1, 2, 3));
    }

    @Test
    void readsAFrameFile(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("000001.tspc");
        PointCloudFrame frame = new PointCloudFrame(-5, cloud(7, true, true));
        Files.write(file, frame.encode());

        assertThat(PointCloudFrame.read(file)).isEqualTo(frame);
    }

    @Test
    void skipsHeaderFieldsAddedByALaterWriter() throws Exception {
        byte[] valid = valid();
        byte[] longer = new byte[valid.length + 4];
        System.arraycopy(valid, 0, longer, 0, 48);
        System.arraycopy(valid, 48, longer, 52, valid.length - 48);
        ByteBuffer.wrap(longer).order(ByteOrder.LITTLE_ENDIAN).putInt(12, 52).putInt(48, 0xCAFE);

        assertThat(PointCloudFrame.decode(longer, "newer.tspc").cloud()).isEqualTo(cloud(3, true, true));
    }

    // ---------------------------------------------------------------------------------------------- bad frames

    private static byte[] valid() {
        return new PointCloudFrame(0, cloud(3, true, true)).encode();
    }

    private static void assertFails(byte[] bytes, String message) {
        assertThatThrownBy(() -> PointCloudFrame.decode(bytes, "frame.tspc"))
                .isInstanceOf(PointCloudFormatException.class)
                .hasMessage("frame.tspc: " + message);
    }

    @Test
    void rejectsBrokenFrames() {
        byte[] valid = valid();
        assertThat(valid).hasSize(48 + 36 + 12 + 9 + 3);

        assertFails(Arrays.copyOf(valid, 47), "truncated frame: 47 bytes, the header alone is 48");
        assertFails(Arrays.copyOf(valid, 100), "truncated frame: 3 points need 108 bytes, there are 100");
        assertFails(Arrays.copyOf(valid, 112), "4 bytes after the frame");
        assertFails(patched(valid, b -> b.put(0, (byte) 'X')), "not a point-cloud frame (no TSPC magic)");
        assertFails(patched(valid, b -> b.putShort(4, (short) 2)),
                "frame version 2 is not supported (this reader knows version 1)");
        assertFails(patched(valid, b -> b.putShort(6, (short) 4)), "unknown flags 0x4");
        assertFails(patched(valid, b -> b.putInt(12, 46)),
                "header length 46 (expected at least 48 and a multiple of 4)");
        assertFails(patched(valid, b -> b.putInt(8, 1_000_000_000)),
                "truncated frame: 1000000000 points need 19000000048 bytes, there are 108");
        assertThatThrownBy(() -> PointCloudFrame.decode(patched(valid, b -> b.putFloat(24, -100)), "frame.tspc"))
                .hasMessageStartingWith("frame.tspc: the header's bounds Bounds[minX=-100.0,");
    }

    private static byte[] patched(byte[] frame, Consumer<ByteBuffer> change) {
        byte[] copy = frame.clone();
        change.accept(ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN));
        return copy;
    }
}
