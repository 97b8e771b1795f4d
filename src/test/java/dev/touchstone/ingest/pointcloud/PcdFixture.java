package dev.touchstone.ingest.pointcloud;

import dev.touchstone.dataset.pointcloud.PointCloud;
import dev.touchstone.dataset.pointcloud.PointCloudFormatException;
import dev.touchstone.dataset.pointcloud.PointCloudFrame;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Writes small PCD files in any DATA mode from a field list and points, the way PCL lays them out, so that reader
 * tests do not depend on sample files. Values are given per point, flattened over fields and their COUNTs. A field
 * marked as packed colour takes its value as the 32 bits to store (PCL's rgb-in-a-float).
 */
final class PcdFixture {

    record Field(String name, char type, int size, int count, boolean packedColour) {
        static Field of(String name, char type, int size) {
            return new Field(name, type, size, 1, false);
        }

        static Field of(String name, char type, int size, int count) {
            return new Field(name, type, size, count, false);
        }

        static Field colour(String name, char type) {
            return new Field(name, type, 4, 1, true);
        }
    }

    enum Mode { ASCII, BINARY, COMPRESSED_LITERALS, COMPRESSED_BACK_REFERENCES }

    private final List<Field> fields;
    private final List<double[]> points = new ArrayList<>();
    private String version = "0.7";
    private String extraHeader = "VIEWPOINT 0 0 0 1 0 0 0\n";
    private int width = -1;
    private int height = 1;
    private boolean asciiColourAsFloat;

    PcdFixture(Field... fields) {
        this.fields = List.of(fields);
    }

    PcdFixture point(double... values) {
        int expected = fields.stream().mapToInt(Field::count).sum();
        if (values.length != expected) {
            throw new IllegalArgumentException(values.length + " values, fields take " + expected);
        }
        points.add(values);
        return this;
    }

    PcdFixture version(String version) {
        this.version = version;
        return this;
    }

    PcdFixture organized(int width, int height) {
        this.width = width;
        this.height = height;
        return this;
    }

    /** Print packed colours in ascii as the float whose bits they are, instead of PCL's integer. */
    PcdFixture asciiColourAsFloat() {
        this.asciiColourAsFloat = true;
        return this;
    }

    String header(String dataMode) {
        String header = "# .PCD v" + version + " - Point Cloud Data file format\n"
                + "VERSION " + version + "\n"
                + "FIELDS " + join(Field::name) + "\n"
                + "SIZE " + join(f -> String.valueOf(f.size())) + "\n"
                + "TYPE " + join(f -> String.valueOf(f.type())) + "\n"
                + "COUNT " + join(f -> String.valueOf(f.count())) + "\n"
                + "WIDTH " + (width < 0 ? points.size() : width) + "\n"
                + "HEIGHT " + height + "\n"
                + extraHeader
                + "POINTS " + points.size() + "\n";
        return header + "DATA " + dataMode + "\n";
    }

    byte[] write(Mode mode) {
        return switch (mode) {
            case ASCII -> ascii();
            case BINARY -> binary();
            case COMPRESSED_LITERALS -> compressed(LzfEncoder::literalsOnly);
            case COMPRESSED_BACK_REFERENCES -> compressed(LzfEncoder::withBackReferences);
        };
    }

    byte[] ascii() {
        StringBuilder text = new StringBuilder(header("ascii"));
        for (double[] point : points) {
            List<String> tokens = new ArrayList<>();
            int v = 0;
            for (Field field : fields) {
                for (int c = 0; c < field.count(); c++) {
                    tokens.add(asciiValue(field, point[v++]));
                }
            }
            text.append(String.join(" ", tokens)).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    byte[] binary() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header("binary").getBytes(StandardCharsets.US_ASCII));
        for (double[] point : points) {
            int v = 0;
            for (Field field : fields) {
                for (int c = 0; c < field.count(); c++) {
                    out.writeBytes(binaryValue(field, point[v++]));
                }
            }
        }
        return out.toByteArray();
    }

    /** The uncompressed column-major block binary_compressed stores. */
    byte[] columns() {
        ByteArrayOutputStream columns = new ByteArrayOutputStream();
        int first = 0;
        for (Field field : fields) {
            for (double[] point : points) {
                for (int c = 0; c < field.count(); c++) {
                    columns.writeBytes(binaryValue(field, point[first + c]));
                }
            }
            first += field.count();
        }
        return columns.toByteArray();
    }

    byte[] compressed(UnaryOperator<byte[]> lzf) {
        byte[] columns = columns();
        byte[] compressed = lzf.apply(columns);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header("binary_compressed").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(compressed.length).putInt(columns.length).array());
        out.writeBytes(compressed);
        return out.toByteArray();
    }

    private String asciiValue(Field field, double value) {
        if (field.packedColour()) {
            long bits = (long) value & 0xFFFF_FFFFL;
            return asciiColourAsFloat ? Float.toString(Float.intBitsToFloat((int) bits)) : Long.toString(bits);
        }
        if (field.type() == 'F') {
            if (Double.isNaN(value)) {
                return "nan";
            }
            return field.size() == 4 ? Float.toString((float) value) : Double.toString(value);
        }
        return Long.toString((long) value);
    }

    private static byte[] binaryValue(Field field, double value) {
        ByteBuffer buffer = ByteBuffer.allocate(field.size()).order(ByteOrder.LITTLE_ENDIAN);
        if (field.packedColour()) {
            return buffer.putInt((int) (long) value).array();
        }
        if (field.type() == 'F') {
            return (field.size() == 4 ? buffer.putFloat((float) value) : buffer.putDouble(value)).array();
        }
        long integer = (long) value;
        return switch (field.size()) {
            case 1 -> buffer.put((byte) integer).array();
            case 2 -> buffer.putShort((short) integer).array();
            case 4 -> buffer.putInt((int) integer).array();
            default -> buffer.putLong(integer).array();
        };
    }

    private String join(Function<Field, String> part) {
        return fields.stream().map(part).collect(Collectors.joining(" "));
    }
}
