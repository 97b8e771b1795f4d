package dev.touchstone.ingest.pointcloud;

import dev.touchstone.dataset.pointcloud.PointCloud;
import dev.touchstone.dataset.pointcloud.PointCloudFormatException;
import dev.touchstone.dataset.pointcloud.PointCloudFrame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;

import dev.touchstone.ingest.pointcloud.PcdFixture.Field;
import dev.touchstone.ingest.pointcloud.PcdFixture.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PcdReaderTest {

    private static final double NAN = Double.NaN;

    /**
     * What PCL writes for a cloud of PointXYZRGBNormal plus intensity and an FPFH-like histogram: a double, an
     * unsigned intensity, rgb as a float, COUNT 33 and a 4-byte padding field, organized 2 x 2 with one invalid point.
     */
    private static PcdFixture richCloud() {
        PcdFixture fixture = new PcdFixture(Field.of("x", 'F', 4), Field.of("y", 'F', 4), Field.of("z", 'F', 8),
                Field.of("intensity", 'U', 2), Field.colour("rgb", 'F'),
                Field.of("normal_x", 'F', 4), Field.of("normal_y", 'F', 4), Field.of("normal_z", 'F', 4),
                Field.of("curvature", 'F', 4), Field.of("fpfh", 'F', 4, 33), Field.of("_", 'U', 1, 4))
                .organized(2, 2);
        fixture.point(values(1.5, -2.25, 3.125, 100, 0x102030, 0, 0, 1, 0.5));
        fixture.point(values(NAN, NAN, NAN, 0, 0, NAN, NAN, NAN, NAN));
        fixture.point(values(-0.001, 1000.5, 1e-7, 65535, 0xFFFFFF, 0, 1, 0, 0.25));
        fixture.point(values(0, 0, 0, 7, 0x0000FF, 1, 0, 0, 0));
        return fixture;
    }

    /** The named values followed by a histogram of 33 bins and 4 padding bytes. */
    private static double[] values(double... named) {
        double[] all = Arrays.copyOf(named, named.length + 33 + 4);
        for (int i = 0; i < 33; i++) {
            all[named.length + i] = i * 0.5 + named[0];
        }
        Arrays.fill(all, named.length + 33, all.length, 0xAB);
        return all;
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void readsEveryDataModeToTheSameCloud(Mode mode) throws Exception {
        PointCloud cloud = PcdReader.read(richCloud().write(mode), "rich.pcd");

        assertThat(cloud.pointCount()).isEqualTo(3);
        assertThat(cloud.droppedPoints()).isEqualTo(1);
        assertThat(cloud.xyz()).containsExactly(1.5f, -2.25f, 3.125f, -0.001f, 1000.5f, 1e-7f, 0f, 0f, 0f);
        assertThat(cloud.intensity()).containsExactly(100f, 65535f, 7f);
        assertThat(IntStream.range(0, 3).map(cloud::rgbAt)).containsExactly(0x102030, 0xFFFFFF, 0x0000FF);
        assertThat(cloud.rgb()).startsWith((byte) 0x10, (byte) 0x20, (byte) 0x30);
        assertThat(cloud.sourceFields()).containsExactly("x", "y", "z", "intensity", "rgb", "normal_x", "normal_y",
                "normal_z", "curvature", "fpfh", "_");
        assertThat(cloud.bounds()).isEqualTo(new PointCloud.Bounds(-0.001f, -2.25f, 0f, 1.5f, 1000.5f, 3.125f));
    }

    @Test
    void compressedFixturesReallyUseBackReferences() {
        byte[] columns = richCloud().columns();

        assertThat(LzfEncoder.withBackReferences(columns).length).isLessThan(columns.length * 2 / 3);
    }

    @Test
    void readsRgbPrintedAsAFloatInAsciiData() throws Exception {
        byte[] file = richCloud().asciiColourAsFloat().ascii();

        PointCloud cloud = PcdReader.read(file, "floats.pcd");

        assertThat(new String(file, StandardCharsets.US_ASCII)).contains("E-39").doesNotContain(" 1056816 ");
        assertThat(IntStream.range(0, 3).map(cloud::rgbAt)).containsExactly(0x102030, 0xFFFFFF, 0x0000FF);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void convertsEverySignedIntegerSize(Mode mode) throws Exception {
        PcdFixture fixture = new PcdFixture(Field.of("x", 'I', 1), Field.of("y", 'I', 2), Field.of("z", 'I', 4),
                Field.of("intensity", 'I', 8))
                .point(-128, -32768, Integer.MIN_VALUE, -5)
                .point(127, 32767, Integer.MAX_VALUE, 9);

        PointCloud cloud = PcdReader.read(fixture.write(mode), "signed.pcd");

        assertThat(cloud.xyz()).containsExactly(-128f, -32768f, (float) Integer.MIN_VALUE, 127f, 32767f,
                (float) Integer.MAX_VALUE);
        assertThat(cloud.intensity()).containsExactly(-5f, 9f);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void convertsEveryUnsignedIntegerSize(Mode mode) throws Exception {
        PcdFixture fixture = new PcdFixture(Field.of("x", 'U', 1), Field.of("y", 'U', 2), Field.of("z", 'U', 4),
                Field.of("intensity", 'U', 8))
                .point(255, 65535, 4294967295L, 12345)
                .point(0, 1, 2, 3);

        PointCloud cloud = PcdReader.read(fixture.write(mode), "unsigned.pcd");

        assertThat(cloud.xyz()).containsExactly(255f, 65535f, 4294967295f, 0f, 1f, 2f);
        assertThat(cloud.intensity()).containsExactly(12345f, 3f);
    }

    @Test
    void readsTheTopBitOfAnUnsigned64BitValue() throws Exception {
        byte[] header = ("FIELDS x y z\nSIZE 8 4 4\nTYPE U F F\nWIDTH 1\nPOINTS 1\nDATA binary\n")
                .getBytes(StandardCharsets.US_ASCII);
        ByteBuffer file = ByteBuffer.allocate(header.length + 16).order(ByteOrder.LITTLE_ENDIAN)
                .put(header).putLong(-1L).putFloat(2).putFloat(3);

        PointCloud cloud = PcdReader.read(file.array(), "u8.pcd");

        assertThat(cloud.x(0)).isEqualTo(1.8446744e19f);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void takesColourFromRgbaIgnoringAlphaWhateverItsType(Mode mode) throws Exception {
        // 0xFF802030 as a float is a NaN: the bits must be taken as they are, never through a float.
        PcdFixture fixture = new PcdFixture(Field.of("x", 'F', 4), Field.of("y", 'F', 4), Field.of("z", 'F', 4),
                Field.colour("rgba", 'U'))
                .point(1, 2, 3, 0xFF802030L)
                .point(4, 5, 6, 0x7F0000FFL);

        PointCloud cloud = PcdReader.read(fixture.write(mode), "rgba.pcd");

        assertThat(cloud.hasIntensity()).isFalse();
        assertThat(cloud.rgbAt(0)).isEqualTo(0x802030);
        assertThat(cloud.rgbAt(1)).isEqualTo(0x0000FF);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void readsAnEmptyCloud(Mode mode) throws Exception {
        PcdFixture fixture = new PcdFixture(Field.of("x", 'F', 4), Field.of("y", 'F', 4), Field.of("z", 'F', 4));

        PointCloud cloud = PcdReader.read(fixture.write(mode), "empty.pcd");

        assertThat(cloud.pointCount()).isZero();
        assertThat(cloud.bounds()).isEqualTo(PointCloud.Bounds.EMPTY);
        assertThat(cloud.hasRgb()).isFalse();
    }

    @Test
    void readsAVersion5HeaderWithColumnsAndWithoutTypeCountOrViewpoint() throws Exception {
        String file = """
                # .PCD v.5 - Point Cloud Data file format
                VERSION .5
                COLUMNS x y z
                SIZE 4 4 4
                WIDTH 2
                HEIGHT 1
                POINTS 2
                DATA ascii
                0.5 1 2
                3 4 5
                """;

        PointCloud cloud = PcdReader.read(file.getBytes(StandardCharsets.US_ASCII), "old.pcd");

        assertThat(cloud.xyz()).containsExactly(0.5f, 1f, 2f, 3f, 4f, 5f);
        assertThat(cloud.sourceFields()).containsExactly("x", "y", "z");
    }

    @ParameterizedTest
    @ValueSource(strings = {".5", ".6", ".7", "0.5", "0.6", "0.7"})
    void acceptsEveryHeaderVersion(String version) throws Exception {
        PcdFixture fixture = new PcdFixture(Field.of("x", 'F', 4), Field.of("y", 'F', 4), Field.of("z", 'F', 4))
                .version(version).point(1, 2, 3);

        assertThat(PcdReader.read(fixture.binary(), "v.pcd").pointCount()).isEqualTo(1);
    }

    @Test
    void toleratesCrLfTabsBlankLinesAndCSpellingsOfNanAndInfinity() throws Exception {
        String file = "VERSION 0.7\r\nFIELDS x y z\r\nSIZE 4 4 4\r\nTYPE F F F\r\nCOUNT 1 1 1\r\n"
                + "WIDTH 4\r\nHEIGHT 1\r\nPOINTS 4\r\nDATA ascii\r\n"
                + "1\t2\t3\r\n\r\n-nan nan nan\r\n4  5 inf\r\n  6 7 8  \r\n";

        PointCloud cloud = PcdReader.read(file.getBytes(StandardCharsets.US_ASCII), "crlf.pcd");

        assertThat(cloud.xyz()).containsExactly(1f, 2f, 3f, 6f, 7f, 8f);
        assertThat(cloud.droppedPoints()).isEqualTo(2);
    }

    @Test
    void takesWidthTimesHeightWhenPointsIsMissing() throws Exception {
        String file = "FIELDS x y z\nSIZE 4 4 4\nTYPE F F F\nWIDTH 1\nHEIGHT 2\nDATA ascii\n1 2 3\n4 5 6\n";

        assertThat(PcdReader.read(file.getBytes(StandardCharsets.US_ASCII), "nopoints.pcd").pointCount())
                .isEqualTo(2);
    }

    // ---------------------------------------------------------------------------------------------- bad files

    private static final String XYZ_HEADER = "VERSION 0.7\nFIELDS x y z\nSIZE 4 4 4\nTYPE F F F\nCOUNT 1 1 1\n";

    private static void assertFails(String file, String message) {
        assertFails(file.getBytes(StandardCharsets.US_ASCII), message);
    }

    private static void assertFails(byte[] file, String message) {
        assertThatThrownBy(() -> PcdReader.read(file, "scan.pcd"))
                .isInstanceOf(PointCloudFormatException.class)
                .hasMessage("scan.pcd: " + message)
                .satisfies(e -> assertThat(((PointCloudFormatException) e).source()).isEqualTo("scan.pcd"));
    }

    @Test
    void rejectsTruncatedBinaryData() {
        byte[] file = richCloud().binary();

        assertFails(Arrays.copyOf(file, file.length - 10), "DATA binary is truncated: 4 points of 174 bytes need"
                + " 696 bytes, the file has 686 after the header");
    }

    @Test
    void rejectsTruncatedCompressedData() {
        byte[] file = richCloud().compressed(LzfEncoder::literalsOnly);
        int dataStart = new String(file, StandardCharsets.ISO_8859_1).indexOf("DATA binary_compressed\n") + 23;

        assertThatThrownBy(() -> PcdReader.read(Arrays.copyOf(file, file.length - 1), "scan.pcd"))
                .hasMessageStartingWith("scan.pcd: DATA binary_compressed is truncated: the compressed block is ");
        assertFails(Arrays.copyOf(file, dataStart + 5), "DATA binary_compressed is truncated: the file ends before"
                + " the 8-byte size header");
    }

    @Test
    void rejectsTruncatedAsciiData() {
        String complete = new String(richCloud().ascii(), StandardCharsets.US_ASCII);
        String lastLineMissing = complete.substring(0, complete.lastIndexOf('\n', complete.length() - 2) + 1);

        assertFails(lastLineMissing, "DATA ascii is truncated: the file ends after 3 of 4 points");
        assertFails(XYZ_HEADER + "WIDTH 1000\nHEIGHT 1\nPOINTS 1000\nDATA ascii\n1 2 3\n",
                "DATA ascii is truncated: 1000 points of 3 values cannot fit in the 6 bytes after the header");
    }

    @Test
    void rejectsPointsThatDisagreeWithWidthTimesHeight() {
        assertFails(XYZ_HEADER + "WIDTH 640\nHEIGHT 480\nPOINTS 1000\nDATA binary\n",
                "POINTS 1000 does not match WIDTH 640 x HEIGHT 480 = 307200");
    }

    @Test
    void rejectsAnUnknownDataMode() {
        assertFails(XYZ_HEADER + "WIDTH 1\nHEIGHT 1\nPOINTS 1\nDATA binary_lz4\n",
                "unknown DATA mode 'binary_lz4' (expected ascii, binary or binary_compressed)");
    }

    @Test
    void rejectsABadLzfStream() {
        byte[] file = richCloud().compressed(LzfEncoder::withBackReferences);
        int dataStart = new String(file, StandardCharsets.ISO_8859_1).indexOf("DATA binary_compressed\n") + 23;
        file[dataStart + 8] = 0x20; // the first instruction becomes a back-reference into nothing

        assertThatThrownBy(() -> PcdReader.read(file, "scan.pcd"))
                .isInstanceOf(PointCloudFormatException.class)
                .hasMessageStartingWith("scan.pcd: DATA binary_compressed: bad LZF stream: back-reference at"
                        + " compressed offset 0 points ")
                .hasMessageEndingWith(" bytes back but only 0 bytes were decompressed");
    }

    @Test
    void rejectsCompressedSizesThatDisagreeWithTheHeader() {
        String header = XYZ_HEADER + "WIDTH 1000\nHEIGHT 1\nPOINTS 1000\nDATA binary_compressed\n";
        ByteBuffer wrongSize = ByteBuffer.allocate(header.length() + 9).order(ByteOrder.LITTLE_ENDIAN)
                .put(header.getBytes(StandardCharsets.US_ASCII)).putInt(1).putInt(999).put((byte) 0);
        ByteBuffer impossible = ByteBuffer.allocate(header.length() + 9).order(ByteOrder.LITTLE_ENDIAN)
                .put(header.getBytes(StandardCharsets.US_ASCII)).putInt(1).putInt(12000).put((byte) 0);

        assertFails(wrongSize.array(), "DATA binary_compressed: the uncompressed size 999 does not match 1000"
                + " points of 12 bytes = 12000");
        assertFails(impossible.array(), "DATA binary_compressed: 1 compressed bytes cannot hold 12000 bytes of"
                + " LZF data");
    }

    @Test
    void rejectsHeadersItCannotUse() {
        String size = "WIDTH 1\nHEIGHT 1\nPOINTS 1\nDATA ascii\n1 2 3\n";
        assertFails("", "the file is empty");
        assertFails("ply\nformat ascii 1.0\n", "header line 1: unknown entry 'ply' (is this a PCD file?)");
        assertFails(XYZ_HEADER + "WIDTH 1\n", "the header ends without a DATA line");
        assertFails(XYZ_HEADER + "WIDTH 1\nWIDTH 1\n", "header line 7: WIDTH appears twice");
        assertFails("VERSION 0.8\n" + size, "unsupported VERSION '0.8' (expected .5, .6 or .7)");
        assertFails("FIELDS a b c\nSIZE 4 4 4\n" + size,
                "FIELDS [a, b, c] lack x, y or z; only clouds with 3D coordinates can be read");
        assertFails("FIELDS x y z\nSIZE 4 4\n" + size, "SIZE has 2 values for 3 FIELDS");
        assertFails("FIELDS x y z\n" + size, "the header has no SIZE");
        assertFails("FIELDS x y z\nSIZE 4 4 2\nTYPE F F F\n" + size,
                "field z has TYPE F with SIZE 2 (floats are 4 or 8 bytes)");
        assertFails("FIELDS x y z\nSIZE 4 4 3\nTYPE F F U\n" + size,
                "field z has TYPE U with SIZE 3 (integers are 1, 2, 4 or 8 bytes)");
        assertFails("FIELDS x y z\nSIZE 4 4 4\nTYPE F F D\n" + size, "field z has TYPE 'D' (expected F, I or U)");
        assertFails("FIELDS x y z\nSIZE 4 4 4\nCOUNT 1 1 0\n" + size, "field z has COUNT 0");
        assertFails("FIELDS x y z\nSIZE 4 4 4\nCOUNT 1 1 3\n" + size, "field z has COUNT 3 (expected 1)");
        assertFails("FIELDS x y z rgb\nSIZE 4 4 4 1\nTYPE F F F U\nWIDTH 1\nPOINTS 1\nDATA ascii\n1 2 3 4\n",
                "field rgb has SIZE 1 (packed colour takes 4 bytes)");
        assertFails(XYZ_HEADER + "WIDTH -1\n" + "DATA ascii\n", "WIDTH is '-1', not a non-negative integer");
        assertFails(XYZ_HEADER + "DATA ascii\n", "the header has neither WIDTH nor POINTS");
        assertFails(XYZ_HEADER + "VIEWPOINT 0 0 0 1 0 0\n" + size,
                "VIEWPOINT has 6 values (expected 7: tx ty tz qw qx qy qz)");
    }

    @Test
    void stopsAtAHeaderLineTooLongToBeOne() {
        byte[] binary = new byte[100_000];
        Arrays.fill(binary, (byte) 'A');

        assertFails(binary, "header line 1 is longer than 65536 bytes; this is not a PCD header");
    }

    @Test
    void rejectsAsciiLinesThatDoNotMatchTheFields() {
        String header = XYZ_HEADER + "WIDTH 2\nHEIGHT 1\nPOINTS 2\nDATA ascii\n";
        assertFails(header + "1.0 2.0 3.0\n4.0 5.0\n",
                "line 11: 2 values, expected 3 for FIELDS [x, y, z] with their COUNTs");
        assertFails(header + "1 2 3 4\n4 5 6\n",
                "line 10: more than 3 values, expected 3 for FIELDS [x, y, z] with their COUNTs");
        assertFails(header + "1 2 3\n4 five 6\n", "line 11: field y value 'five' is not a 32-bit float");
        assertFails(header + "1 2 3\n4 5 6\n7 8 9\n", "line 12: more points than POINTS 2");
        assertFails("FIELDS x y z\nSIZE 4 4 1\nTYPE F F U\nWIDTH 1\nDATA ascii\n1 2 256\n",
                "line 6: field z value '256' is not a 8-bit unsigned integer");
    }

    @Test
    void namesAFileReadFromDisk(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("broken.pcd");
        Files.writeString(file, XYZ_HEADER + "WIDTH 1\nHEIGHT 1\nPOINTS 1\nDATA binary\n");

        assertThatThrownBy(() -> PcdReader.read(file))
                .hasMessage(file + ": DATA binary is truncated: 1 points of 12 bytes need 12 bytes, the file has 0"
                        + " after the header");
    }
}
