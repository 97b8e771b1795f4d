package dev.touchstone.ingest.pointcloud;

import dev.touchstone.dataset.pointcloud.PointCloud;
import dev.touchstone.dataset.pointcloud.PointCloudFormatException;
import dev.touchstone.dataset.pointcloud.PointCloudFrame;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.touchstone.ingest.pointcloud.PlyFixture.Format;
import dev.touchstone.ingest.pointcloud.PlyFixture.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlyReaderTest {

    private static final double[] NONE = {};

    /**
     * Vertices between elements that must be walked past: a material with a list before them, faces with a list and
     * a fixed-size edge element after them, and a list among the vertex properties themselves.
     */
    private static PlyFixture richMesh() {
        return new PlyFixture()
                .comment("comment written by PlyReaderTest")
                .comment("obj_info scanner=none")
                .element("material", Property.of("uchar", "ambient_red"), Property.list("uchar", "float", "weights"))
                .row(200, new double[] {0.5, 0.25})
                .element("vertex", Property.of("float64", "x"), Property.of("float32", "y"),
                        Property.of("int16", "z"), Property.of("uchar", "red"), Property.of("uchar", "green"),
                        Property.of("uchar", "blue"), Property.of("float", "intensity"),
                        Property.list("uint8", "int32", "neighbours"), Property.of("float", "nx"))
                .row(1.5, -2.5, 3, 255, 0, 16, 0.75, new double[] {1, 2}, 0.1)
                .row(Double.NaN, 0, 0, 1, 2, 3, 0, NONE, 0)
                .row(-1000, 2.25, -32768, 0, 128, 255, 100, new double[] {0}, 0)
                .row(0.125, 0, 32767, 9, 9, 9, -1, new double[] {1, 2, 3}, 0)
                .element("face", Property.list("uchar", "int", "vertex_indices"), Property.of("uchar", "flags"))
                .row(new double[] {0, 1, 2}, 1)
                .row(new double[] {0, 2, 3, 1}, 2)
                .element("edge", Property.of("int", "vertex1"), Property.of("int", "vertex2"))
                .row(0, 1)
                .row(2, 3);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void readsEveryFormatToTheSameCloud(Format format) throws Exception {
        PointCloud cloud = PlyReader.read(richMesh().write(format), "mesh.ply");

        assertThat(cloud.pointCount()).isEqualTo(3);
        assertThat(cloud.droppedPoints()).isEqualTo(1);
        assertThat(cloud.xyz()).containsExactly(1.5f, -2.5f, 3f, -1000f, 2.25f, -32768f, 0.125f, 0f, 32767f);
        assertThat(cloud.intensity()).containsExactly(0.75f, 100f, -1f);
        assertThat(IntStream.range(0, 3).map(cloud::rgbAt)).containsExactly(0xFF0010, 0x0080FF, 0x090909);
        assertThat(cloud.sourceFields()).containsExactly("x", "y", "z", "red", "green", "blue", "intensity",
                "neighbours", "nx");
        assertThat(cloud.bounds()).isEqualTo(new PointCloud.Bounds(-1000f, -2.5f, -32768f, 1.5f, 2.25f, 32767f));
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void readsHeadersWithCrLfLineEnds(Format format) throws Exception {
        byte[] file = richMesh().crlf().write(format);

        assertThat(new String(file, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("ply\r\n");
        assertThat(PlyReader.read(file, "windows.ply").pointCount()).isEqualTo(3);
    }

    static Stream<Arguments> everyTypeInEveryFormat() {
        return Stream.of("char", "uchar", "short", "ushort", "int", "uint", "float", "double",
                        "int8", "uint8", "int16", "uint16", "int32", "uint32", "float32", "float64")
                .flatMap(type -> Arrays.stream(Format.values()).map(format -> Arguments.of(type, format)));
    }

    @ParameterizedTest
    @MethodSource("everyTypeInEveryFormat")
    void readsCoordinatesOfEveryType(String type, Format format) throws Exception {
        byte[] file = new PlyFixture()
                .element("vertex", Property.of(type, "x"), Property.of(type, "y"), Property.of(type, "z"))
                .row(1, 100, 7)
                .row(127, 0, 2)
                .write(format);

        PointCloud cloud = PlyReader.read(file, type + ".ply");

        assertThat(cloud.xyz()).containsExactly(1f, 100f, 7f, 127f, 0f, 2f);
        assertThat(cloud.hasRgb()).isFalse();
        assertThat(cloud.hasIntensity()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void readsTheExtremesOfUnsignedAndSignedTypes(Format format) throws Exception {
        byte[] file = new PlyFixture()
                .element("vertex", Property.of("uint", "x"), Property.of("char", "y"), Property.of("ushort", "z"))
                .row(4294967295L, -128, 65535)
                .write(format);

        assertThat(PlyReader.read(file, "extremes.ply").xyz()).containsExactly(4294967295f, -128f, 65535f);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void scalesColoursByTheirType(Format format) throws Exception {
        byte[] floats = new PlyFixture()
                .element("vertex", Property.of("float", "x"), Property.of("float", "y"), Property.of("float", "z"),
                        Property.of("float", "red"), Property.of("float", "green"), Property.of("double", "blue"))
                .row(0, 0, 0, 1.0, 0.5, 0.0)
                .row(0, 0, 0, 2.0, -1.0, 0.2)
                .write(format);
        byte[] sixteenBit = new PlyFixture()
                .element("vertex", Property.of("float", "x"), Property.of("float", "y"), Property.of("float", "z"),
                        Property.of("ushort", "diffuse_red"), Property.of("ushort", "diffuse_green"),
                        Property.of("ushort", "diffuse_blue"))
                .row(0, 0, 0, 65535, 257 * 16, 0)
                .write(format);

        PointCloud fromFloats = PlyReader.read(floats, "floats.ply");
        PointCloud fromShorts = PlyReader.read(sixteenBit, "shorts.ply");

        assertThat(fromFloats.rgbAt(0)).isEqualTo(0xFF8000);
        assertThat(fromFloats.rgbAt(1)).isEqualTo(0xFF0033);
        assertThat(fromShorts.rgbAt(0)).isEqualTo(0xFF1000);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void takesCloudCompareIntensityAndIgnoresAnIncompleteColour(Format format) throws Exception {
        byte[] file = new PlyFixture()
                .element("vertex", Property.of("float", "x"), Property.of("float", "y"), Property.of("float", "z"),
                        Property.of("uchar", "red"), Property.of("float", "scalar_Intensity"))
                .row(1, 2, 3, 200, 0.5)
                .write(format);

        PointCloud cloud = PlyReader.read(file, "cloudcompare.ply");

        assertThat(cloud.hasRgb()).isFalse();
        assertThat(cloud.intensity()).containsExactly(0.5f);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void readsPastAnIntensityGivenAsAList(Format format) throws Exception {
        byte[] file = new PlyFixture()
                .element("vertex", Property.list("uchar", "float", "intensity"), Property.of("float", "x"),
                        Property.of("float", "y"), Property.of("float", "z"))
                .row(new double[] {1, 2}, 4, 5, 6)
                .write(format);

        PointCloud cloud = PlyReader.read(file, "list.ply");

        assertThat(cloud.hasIntensity()).isFalse();
        assertThat(cloud.xyz()).containsExactly(4f, 5f, 6f);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void readsAnEmptyVertexElement(Format format) throws Exception {
        byte[] file = new PlyFixture()
                .element("vertex", Property.of("float", "x"), Property.of("float", "y"), Property.of("float", "z"))
                .write(format);

        assertThat(PlyReader.read(file, "empty.ply").pointCount()).isZero();
    }

    // ---------------------------------------------------------------------------------------------- bad files

    private static final String XYZ = "element vertex 1\nproperty float x\nproperty float y\nproperty float z\n";

    private static void assertFails(String file, String message) {
        assertFails(file.getBytes(StandardCharsets.ISO_8859_1), message);
    }

    private static void assertFails(byte[] file, String message) {
        assertThatThrownBy(() -> PlyReader.read(file, "scan.ply"))
                .isInstanceOf(PointCloudFormatException.class)
                .hasMessage("scan.ply: " + message);
    }

    @Test
    void rejectsHeadersItCannotUse() {
        String ascii = "ply\nformat ascii 1.0\n";
        assertFails("", "the file is empty");
        assertFails("VERSION .7\n", "not a PLY file: it does not start with the line 'ply'");
        assertFails("ply\n" + XYZ + "end_header\n1 2 3\n", "the header has no format line");
        assertFails("ply\nformat binary_middle_endian 1.0\n", "header line 2: unknown format 'binary_middle_endian'"
                + " (expected ascii, binary_little_endian or binary_big_endian)");
        assertFails("ply\nformat ascii 2.0\n", "header line 2: format version '2.0' is not supported (only 1.0)");
        assertFails(ascii + "property float x\n", "header line 3: a property before any element");
        assertFails(ascii + "element vertex 1\nproperty float16 x\n",
                "header line 4: unknown property type 'float16'");
        assertFails(ascii + "element vertex 1\nproperty list float int x\n",
                "header line 4: list x has a float count; counts are integers");
        assertFails(ascii + "element vertex many\n", "header line 3: element vertex has count 'many'");
        assertFails(ascii + "elephant 1\n", "header line 3: unknown keyword 'elephant'");
        assertFails(ascii + XYZ, "the header ends without an end_header line");
        assertFails(ascii + XYZ + "1 2 3\n", "header line 7: unknown keyword '1'");
        assertFails(ascii + "element face 0\nproperty list uchar int vertex_indices\nend_header\n",
                "the file has no vertex element");
        assertFails(ascii + XYZ + XYZ + "end_header\n1 2 3\n1 2 3\n", "the file has 2 vertex elements");
        assertFails(ascii + "element vertex 1\nproperty float x\nproperty float y\nend_header\n1 2\n",
                "the vertex element lacks x, y or z (properties [x, y])");
        assertFails(ascii + "element vertex 1\nproperty list uchar float x\nproperty float y\nproperty float z\n"
                + "end_header\n1 1 2 3\n", "vertex property x is a list; expected a single value");
    }

    @Test
    void rejectsTruncatedBinaryVertices() {
        byte[] file = richMesh().write(Format.LITTLE_ENDIAN);
        int dataStart = richMesh().header(Format.LITTLE_ENDIAN).length();

        int material = 1 + 1 + 2 * 4;
        // A vertex takes 26 bytes plus 4 per neighbour; the four of them 34 + 26 + 30 + 38 = 128.
        assertFails(Arrays.copyOf(file, dataStart + material + 100), "the file ends inside element vertex: 4 items"
                + " of at least 26 bytes do not fit in the 100 bytes left");
        assertFails(Arrays.copyOf(file, dataStart + material + 110), "the file ends inside element vertex 3 of 4"
                + " (truncated)");
    }

    @ParameterizedTest
    @EnumSource(value = Format.class, names = {"LITTLE_ENDIAN", "BIG_ENDIAN"})
    void rejectsAFaceListCutShort(Format format) {
        PlyFixture mesh = new PlyFixture()
                .element("vertex", Property.of("float", "x"), Property.of("float", "y"), Property.of("float", "z"))
                .row(0, 0, 0)
                .element("face", Property.list("uchar", "int", "vertex_indices"))
                .row(new double[] {0, 0, 0})
                .row(new double[] {0, 0, 0, 0});
        byte[] file = mesh.write(format);

        assertFails(Arrays.copyOf(file, file.length - 1), "the file ends inside element face 1 of 2 (truncated)");
    }

    @Test
    void rejectsAFixedSizeElementCutShort() {
        byte[] file = richMesh().write(Format.BIG_ENDIAN);

        assertFails(Arrays.copyOf(file, file.length - 4), "the file ends inside element edge: 2 items of 8 bytes"
                + " do not fit in the 12 bytes left");
    }

    @Test
    void rejectsElementCountsNoFileCouldHold() {
        String binary = "ply\nformat binary_little_endian 1.0\n";
        assertFails(binary + "element face 9223372036854775807\nproperty double a\n" + XYZ + "end_header\n",
                "the file ends inside element face: 9223372036854775807 items of 8 bytes do not fit in the 0 bytes"
                        + " left");
        assertFails(binary + "element vertex 4000000000\nproperty float x\nproperty float y\nproperty float z\n"
                + "end_header\n", "element vertex has 4000000000 vertices, more than the 715827879 points one cloud"
                + " can hold");
    }

    @Test
    void readsPastAnElementWithoutPropertiesHoweverLarge() throws Exception {
        String file = "ply\nformat ascii 1.0\nelement nothing 9223372036854775807\n" + XYZ + "end_header\n1 2 3\n";

        assertThat(PlyReader.read(file.getBytes(StandardCharsets.US_ASCII), "odd.ply").xyz()).containsExactly(1, 2, 3);
    }

    @Test
    void stopsAtAHeaderLineTooLongToBeOne() {
        assertFails("ply\ncomment " + "x".repeat(70_000) + "\n",
                "header line 2 is longer than 65536 bytes; this is not a PLY header");
    }

    @Test
    void rejectsANegativeListLength() {
        String header = "ply\nformat binary_little_endian 1.0\n" + XYZ
                + "element face 1\nproperty list char int vertex_indices\nend_header\n";
        byte[] vertex = new byte[12];
        byte[] file = new byte[header.length() + 12 + 1];
        System.arraycopy(header.getBytes(StandardCharsets.US_ASCII), 0, file, 0, header.length());
        System.arraycopy(vertex, 0, file, header.length(), 12);
        file[file.length - 1] = -1;

        assertFails(file, "element face 0 of 1: list vertex_indices has negative length -1");
        assertFails("ply\nformat ascii 1.0\n" + XYZ + "element face 1\nproperty list char int vertex_indices\n"
                + "end_header\n1 2 3\n-2 0 0\n", "line 11: list vertex_indices has negative length -2");
    }

    @Test
    void rejectsAsciiValuesThatDoNotFitTheirType() {
        String ascii = "ply\nformat ascii 1.0\n";
        String coloured = ascii + "element vertex 1\nproperty float x\nproperty float y\nproperty float z\n"
                + "property uchar red\nproperty uchar green\nproperty uchar blue\nend_header\n";
        assertFails(ascii + XYZ + "end_header\n1 two 3\n", "line 8: 'two' is not a float (element vertex 0)");
        assertFails(coloured + "1 2 3 0 256 0\n", "line 11: '256' is not a uchar (element vertex 0)");
        assertFails(coloured + "1 2 3 0 1.5 0\n", "line 11: '1.5' is not a uchar (element vertex 0)");
        assertFails(ascii + "element vertex 2\nproperty float x\nproperty float y\nproperty float z\nend_header\n"
                + "1.0 2.0 3.0\n4.0 5.0\n", "the file ends inside element vertex 1 of 2 (truncated)");
        assertFails(ascii + XYZ + "end_header\n1 2 3\n4\n", "line 9: data after the last element");
        assertFails(ascii + "element vertex 1000\nproperty float x\nproperty float y\nproperty float z\n"
                + "end_header\n1 2 3\n", "the file ends inside element vertex: 1000 items cannot fit in the 6 bytes"
                + " left");
    }

    @Test
    void listsOnlyTheVertexPropertiesAsSourceFields() throws Exception {
        PointCloud cloud = PlyReader.read(richMesh().write(Format.ASCII), "mesh.ply");

        assertThat(cloud.sourceFields()).doesNotContainAnyElementsOf(List.of("vertex_indices", "weights", "flags"));
    }
}
