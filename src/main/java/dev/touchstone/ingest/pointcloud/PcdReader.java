package dev.touchstone.ingest.pointcloud;

import dev.touchstone.dataset.pointcloud.PointCloud;
import dev.touchstone.dataset.pointcloud.PointCloudFormatException;
import dev.touchstone.dataset.pointcloud.PointCloudFrame;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static dev.touchstone.ingest.pointcloud.PointClouds.abbreviate;
import static dev.touchstone.ingest.pointcloud.PointClouds.parseDouble;
import static dev.touchstone.ingest.pointcloud.PointClouds.parseFloat;

/**
 * Reads PCD files (Point Cloud Library format, header versions .5, .6 and .7) in all three DATA modes:
 * <ul>
 *   <li>{@code ascii}: one point per line, the values of all fields separated by spaces or tabs.</li>
 *   <li>{@code binary}: points packed one after another ("array of structures"), each field taking SIZE * COUNT
 *       bytes in FIELDS order, no padding between fields other than fields the file declares.</li>
 *   <li>{@code binary_compressed}: a little-endian u32 compressed size and u32 uncompressed size, then an LZF block
 *       that decompresses to the same bytes as binary data but stored field by field ("structure of arrays"): all
 *       points' values of the first field, then all of the second, and so on.</li>
 * </ul>
 * Any TYPE/SIZE pair the spec defines is read (F 4/8, I and U 1/2/4/8) and fields with COUNT above 1 (normals,
 * feature histograms, {@code _} padding) are read past. Used from a file: {@code x}, {@code y}, {@code z} (required),
 * {@code intensity}, and colour from {@code rgb} or {@code rgba}: four bytes holding 0x00RRGGBB (alpha in the top byte
 * for rgba, ignored), whether TYPE says F (PCL's habit of storing those bits in a float), U or I. Binary data is taken
 * as little-endian, which is what PCL writes on every platform it runs on.
 * <p>
 * Not applied: VIEWPOINT (the sensor pose; validated, then left to the caller as PCL does) and the WIDTH x HEIGHT
 * grid of organized clouds (lost when invalid points are dropped, see {@link PointCloud}).
 * Trailing bytes after the binary data are ignored like PCL ignores them; extra points in ascii data are an error,
 * because there a wrong POINTS is the likelier explanation.
 */
public final class PcdReader {

    private static final Set<String> VERSIONS = Set.of(".5", ".6", ".7", "0.5", "0.6", "0.7");
    private static final Set<String> ENTRIES = Set.of("VERSION", "FIELDS", "COLUMNS", "SIZE", "TYPE", "COUNT",
            "WIDTH", "HEIGHT", "VIEWPOINT", "POINTS", "DATA");
    /** Points whose xyz still fit in one Java array. */
    private static final int MAX_POINTS = (Integer.MAX_VALUE - 8) / 3;

    private PcdReader() {
    }

    public static PointCloud read(Path file) throws IOException {
        return read(PointClouds.readAllBytes(file), file.toString());
    }

    /** Reads the whole stream; {@code source} names it in error messages. */
    public static PointCloud read(InputStream in, String source) throws IOException {
        return read(in.readAllBytes(), source);
    }

    /** Reads a whole PCD file held in memory; {@code source} names it in error messages. */
    public static PointCloud read(byte[] file, String source) throws PointCloudFormatException {
        Header header = readHeader(file, source);
        return switch (header.mode()) {
            case ASCII -> readAscii(file, header, source);
            case BINARY -> readBinary(file, header, source);
            case BINARY_COMPRESSED -> readCompressed(file, header, source);
        };
    }

    enum DataMode { ASCII, BINARY, BINARY_COMPRESSED }

    /**
     * One entry of FIELDS. {@code offset} is where it starts within a point: in bytes for binary data, in values
     * for ascii data ({@code valueIndex}).
     */
    record Field(String name, int size, char type, int count, int offset, int valueIndex) {
        int bytes() {
            return size * count;
        }
    }

    record Header(List<Field> fields, int points, int pointSize, int valuesPerPoint, DataMode mode, int dataStart,
                  int dataLine) {
        Field find(String... names) {
            for (String name : names) {
                for (Field field : fields) {
                    if (field.name().equals(name)) {
                        return field;
                    }
                }
            }
            return null;
        }

        List<String> names() {
            return fields.stream().map(Field::name).toList();
        }
    }

    // ---------------------------------------------------------------------------------------------- header

    private static Header readHeader(byte[] file, String source) throws PointCloudFormatException {
        if (file.length == 0) {
            throw new PointCloudFormatException(source, "the file is empty");
        }
        Map<String, String[]> entries = new HashMap<>();
        int position = 0;
        int lineNumber = 0;
        while (!entries.containsKey("DATA")) {
            if (position >= file.length) {
                throw new PointCloudFormatException(source, "the header ends without a DATA line");
            }
            int newline = PointClouds.indexOf(file, (byte) '\n', position);
            int lineEnd = newline < 0 ? file.length : newline;
            if (lineEnd - position > PointClouds.MAX_HEADER_LINE) {
                throw new PointCloudFormatException(source, "header line " + (lineNumber + 1) + " is longer than "
                        + PointClouds.MAX_HEADER_LINE + " bytes; this is not a PCD header");
            }
            String line = new String(file, position, lineEnd - position, StandardCharsets.ISO_8859_1).strip();
            position = newline < 0 ? file.length : newline + 1;
            lineNumber++;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] tokens = line.split("\\s+");
            String key = tokens[0].toUpperCase(Locale.ROOT);
            if (!ENTRIES.contains(key)) {
                throw new PointCloudFormatException(source, "header line " + lineNumber + ": unknown entry '"
                        + abbreviate(tokens[0]) + "'" + (lineNumber == 1 ? " (is this a PCD file?)" : ""));
            }
            key = key.equals("COLUMNS") ? "FIELDS" : key; // the name PCD v.5 files used for FIELDS
            if (entries.put(key, Arrays.copyOfRange(tokens, 1, tokens.length)) != null) {
                throw new PointCloudFormatException(source, "header line " + lineNumber + ": " + key
                        + " appears twice");
            }
        }
        return validate(entries, position, lineNumber, source);
    }

    private static Header validate(Map<String, String[]> entries, int dataStart, int dataLine, String source)
            throws PointCloudFormatException {
        String[] version = entries.get("VERSION");
        if (version != null && (version.length != 1 || !VERSIONS.contains(version[0]))) {
            throw new PointCloudFormatException(source, "unsupported VERSION '" + String.join(" ", version)
                    + "' (expected .5, .6 or .7)");
        }
        String[] names = entries.get("FIELDS");
        if (names == null || names.length == 0) {
            throw new PointCloudFormatException(source, "the header has no FIELDS");
        }
        String[] sizes = perField(entries, "SIZE", names.length, null, source);
        String[] types = perField(entries, "TYPE", names.length, "F", source);
        String[] counts = perField(entries, "COUNT", names.length, "1", source);

        List<Field> fields = new ArrayList<>(names.length);
        long offset = 0;
        long valueIndex = 0;
        for (int i = 0; i < names.length; i++) {
            String name = names[i];
            int size = parseInt(sizes[i], "SIZE of field " + name, source);
            String type = types[i].toUpperCase(Locale.ROOT);
            int count = parseInt(counts[i], "COUNT of field " + name, source);
            if (!type.equals("F") && !type.equals("I") && !type.equals("U")) {
                throw new PointCloudFormatException(source, "field " + name + " has TYPE '" + abbreviate(types[i])
                        + "' (expected F, I or U)");
            }
            boolean sizeOk = type.equals("F") ? size == 4 || size == 8
                    : size == 1 || size == 2 || size == 4 || size == 8;
            if (!sizeOk) {
                throw new PointCloudFormatException(source, "field " + name + " has TYPE " + type + " with SIZE "
                        + size + (type.equals("F") ? " (floats are 4 or 8 bytes)"
                        : " (integers are 1, 2, 4 or 8 bytes)"));
            }
            if (count < 1) {
                throw new PointCloudFormatException(source, "field " + name + " has COUNT " + count);
            }
            fields.add(new Field(name, size, type.charAt(0), count, (int) offset, (int) valueIndex));
            offset += (long) size * count;
            valueIndex += count;
            if (offset > Integer.MAX_VALUE) {
                throw new PointCloudFormatException(source, "one point would be larger than 2 GiB");
            }
        }

        long width = optionalCount(entries, "WIDTH", source);
        long height = optionalCount(entries, "HEIGHT", source);
        long points = optionalCount(entries, "POINTS", source);
        if (width < 0 && points < 0) {
            throw new PointCloudFormatException(source, "the header has neither WIDTH nor POINTS");
        }
        height = height < 0 ? 1 : height;
        width = width < 0 ? points / Math.max(height, 1) : width;
        points = points < 0 ? width * height : points;
        if (width * height != points) {
            throw new PointCloudFormatException(source, "POINTS " + points + " does not match WIDTH " + width
                    + " x HEIGHT " + height + " = " + width * height);
        }
        if (points > MAX_POINTS) {
            throw new PointCloudFormatException(source, "POINTS " + points + " is more than the " + MAX_POINTS
                    + " points one cloud can hold");
        }

        String[] viewpoint = entries.get("VIEWPOINT");
        if (viewpoint != null) {
            if (viewpoint.length != 7) {
                throw new PointCloudFormatException(source, "VIEWPOINT has " + viewpoint.length
                        + " values (expected 7: tx ty tz qw qx qy qz)");
            }
            for (String value : viewpoint) {
                parseHeaderNumber(value, "VIEWPOINT", source);
            }
        }

        String[] data = entries.get("DATA");
        String modeName = data.length == 1 ? data[0].toLowerCase(Locale.ROOT) : String.join(" ", data);
        DataMode mode = switch (modeName) {
            case "ascii" -> DataMode.ASCII;
            case "binary" -> DataMode.BINARY;
            case "binary_compressed" -> DataMode.BINARY_COMPRESSED;
            default -> throw new PointCloudFormatException(source, "unknown DATA mode '" + abbreviate(modeName)
                    + "' (expected ascii, binary or binary_compressed)");
        };
        return new Header(List.copyOf(fields), (int) points, (int) offset, (int) valueIndex, mode, dataStart,
                dataLine);
    }

    /** The values of a header entry that has one value per field; {@code fallback} when it may be missing. */
    private static String[] perField(Map<String, String[]> entries, String key, int fieldCount, String fallback,
                                     String source) throws PointCloudFormatException {
        String[] values = entries.get(key);
        if (values == null) {
            if (fallback == null) {
                throw new PointCloudFormatException(source, "the header has no " + key);
            }
            values = new String[fieldCount];
            Arrays.fill(values, fallback);
        }
        if (values.length != fieldCount) {
            throw new PointCloudFormatException(source, key + " has " + values.length + " values for "
                    + fieldCount + " FIELDS");
        }
        return values;
    }

    /** A non-negative count entry, or -1 when the header leaves it out. */
    private static long optionalCount(Map<String, String[]> entries, String key, String source)
            throws PointCloudFormatException {
        String[] values = entries.get(key);
        if (values == null) {
            return -1;
        }
        if (values.length != 1) {
            throw new PointCloudFormatException(source, key + " has " + values.length + " values (expected 1)");
        }
        return parseInt(values[0], key, source);
    }

    private static int parseInt(String value, String what, String source) throws PointCloudFormatException {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new PointCloudFormatException(source, what + " is '" + abbreviate(value)
                    + "', not a non-negative integer");
        }
    }

    private static double parseHeaderNumber(String value, String what, String source) throws PointCloudFormatException {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new PointCloudFormatException(source, what + " value '" + abbreviate(value) + "' is not a number");
        }
    }

    /** The fields the cloud is built from, checked once so that the data loops need not. */
    private record Used(Field x, Field y, Field z, Field intensity, Field rgb) {

        static Used of(Header header, String source) throws PointCloudFormatException {
            Field x = header.find("x");
            Field y = header.find("y");
            Field z = header.find("z");
            if (x == null || y == null || z == null) {
                throw new PointCloudFormatException(source, "FIELDS " + header.names()
                        + " lack x, y or z; only clouds with 3D coordinates can be read");
            }
            Field intensity = header.find("intensity");
            Field rgb = header.find("rgb", "rgba");
            for (Field field : Arrays.asList(x, y, z, intensity, rgb)) {
                if (field != null && field.count() != 1) {
                    throw new PointCloudFormatException(source, "field " + field.name() + " has COUNT "
                            + field.count() + " (expected 1)");
                }
            }
            if (rgb != null && rgb.size() != 4) {
                throw new PointCloudFormatException(source, "field " + rgb.name() + " has SIZE " + rgb.size()
                        + " (packed colour takes 4 bytes)");
            }
            return new Used(x, y, z, intensity, rgb);
        }

        PointCloudBuilder builder(Header header) {
            return new PointCloudBuilder(header.points(), intensity != null, rgb != null, header.names());
        }
    }

    // ---------------------------------------------------------------------------------------------- binary

    private static PointCloud readBinary(byte[] file, Header header, String source) throws PointCloudFormatException {
        Used used = Used.of(header, source);
        long needed = (long) header.points() * header.pointSize();
        long available = file.length - header.dataStart();
        if (needed > available) {
            throw new PointCloudFormatException(source, "DATA binary is truncated: " + header.points()
                    + " points of " + header.pointSize() + " bytes need " + needed + " bytes, the file has "
                    + available + " after the header");
        }
        ByteBuffer data = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        // Row-major: a field's values are one point size apart.
        return readColumns(data, header, used,
                field -> new Column(data, header.dataStart() + field.offset(), header.pointSize(), field));
    }

    private static PointCloud readCompressed(byte[] file, Header header, String source)
            throws PointCloudFormatException {
        Used used = Used.of(header, source);
        int start = header.dataStart();
        if (file.length - start < 8) {
            throw new PointCloudFormatException(source, "DATA binary_compressed is truncated: the file ends before"
                    + " the 8-byte size header");
        }
        ByteBuffer sizes = ByteBuffer.wrap(file, start, 8).order(ByteOrder.LITTLE_ENDIAN);
        long compressed = Integer.toUnsignedLong(sizes.getInt());
        long uncompressed = Integer.toUnsignedLong(sizes.getInt());
        long expected = (long) header.points() * header.pointSize();
        long available = file.length - start - 8L;
        if (compressed > available) {
            throw new PointCloudFormatException(source, "DATA binary_compressed is truncated: the compressed block"
                    + " is " + compressed + " bytes, the file has " + available + " after the size header");
        }
        if (uncompressed != expected) {
            throw new PointCloudFormatException(source, "DATA binary_compressed: the uncompressed size "
                    + uncompressed + " does not match " + header.points() + " points of " + header.pointSize()
                    + " bytes = " + expected);
        }
        if (uncompressed > compressed * Lzf.MAX_EXPANSION) {
            throw new PointCloudFormatException(source, "DATA binary_compressed: " + compressed
                    + " compressed bytes cannot hold " + uncompressed + " bytes of LZF data");
        }
        byte[] columns;
        try {
            columns = Lzf.decompress(file, start + 8, (int) compressed, (int) uncompressed);
        } catch (Lzf.MalformedLzfException e) {
            throw new PointCloudFormatException(source, "DATA binary_compressed: bad LZF stream: " + e.getMessage(), e);
        }
        ByteBuffer data = ByteBuffer.wrap(columns).order(ByteOrder.LITTLE_ENDIAN);
        // Column-major: a field's values follow each other, after all points' values of the fields before it.
        return readColumns(data, header, used,
                field -> new Column(data, header.points() * field.offset(), field.bytes(), field));
    }

    private interface ColumnLayout {
        Column of(Field field);
    }

    private static PointCloud readColumns(ByteBuffer data, Header header, Used used, ColumnLayout layout) {
        Column x = layout.of(used.x());
        Column y = layout.of(used.y());
        Column z = layout.of(used.z());
        Column intensity = used.intensity() == null ? null : layout.of(used.intensity());
        Column rgb = used.rgb() == null ? null : layout.of(used.rgb());
        PointCloudBuilder builder = used.builder(header);
        for (int i = 0; i < header.points(); i++) {
            builder.add(x.floatAt(i), y.floatAt(i), z.floatAt(i),
                    intensity == null ? 0 : intensity.floatAt(i),
                    rgb == null ? 0 : rgb.bitsAt(i) & 0xFFFFFF);
        }
        return builder.build();
    }

    /** The values of one field: at {@code base}, then every {@code stride} bytes. Bounds were checked by the caller. */
    private record Column(ByteBuffer data, int base, int stride, Field field) {

        float floatAt(int point) {
            int at = base + point * stride;
            return switch (field.type()) {
                case 'F' -> field.size() == 4 ? data.getFloat(at) : (float) data.getDouble(at);
                case 'I' -> switch (field.size()) {
                    case 1 -> data.get(at);
                    case 2 -> data.getShort(at);
                    case 4 -> data.getInt(at);
                    default -> data.getLong(at);
                };
                default -> switch (field.size()) {
                    case 1 -> data.get(at) & 0xFF;
                    case 2 -> data.getShort(at) & 0xFFFF;
                    case 4 -> Integer.toUnsignedLong(data.getInt(at));
                    default -> unsignedToFloat(data.getLong(at));
                };
            };
        }

        /** The raw 32 bits of a 4-byte field, whatever its TYPE: how packed colours are stored. */
        int bitsAt(int point) {
            return data.getInt(base + point * stride);
        }
    }

    private static float unsignedToFloat(long value) {
        if (value >= 0) {
            return value;
        }
        // Halve (keeping the lowest bit so rounding stays right), convert, double.
        return ((value >>> 1) | (value & 1)) * 2f;
    }

    // ---------------------------------------------------------------------------------------------- ascii

    private static PointCloud readAscii(byte[] file, Header header, String source) throws PointCloudFormatException {
        Used used = Used.of(header, source);
        int values = header.valuesPerPoint();
        long available = file.length - header.dataStart();
        // Every value takes at least one character and one separator (the last one none): a cheap bound that stops
        // a wrong POINTS from allocating arrays the file could never fill.
        long minimum = header.points() == 0 ? 0 : (long) header.points() * values * 2 - 1;
        if (minimum > available) {
            throw new PointCloudFormatException(source, "DATA ascii is truncated: " + header.points() + " points of "
                    + values + " values cannot fit in the " + available + " bytes after the header");
        }
        PointCloudBuilder builder = used.builder(header);
        String[] tokens = new String[values];
        int position = header.dataStart();
        int lineNumber = header.dataLine();
        int point = 0;
        while (point < header.points()) {
            if (position >= file.length) {
                throw new PointCloudFormatException(source, "DATA ascii is truncated: the file ends after " + point
                        + " of " + header.points() + " points");
            }
            int lineEnd = lineEnd(file, position);
            lineNumber++;
            int found = split(file, position, lineEnd, tokens);
            position = lineEnd + 1;
            if (found == 0) {
                continue;
            }
            if (found != values) {
                throw new PointCloudFormatException(source, "line " + lineNumber + ": " + (found > values ? "more than "
                        + values : String.valueOf(found)) + " values, expected " + values + " for FIELDS "
                        + header.names() + " with their COUNTs");
            }
            Line line = new Line(tokens, lineNumber, source);
            builder.add(line.number(used.x()), line.number(used.y()), line.number(used.z()),
                    used.intensity() == null ? 0 : line.number(used.intensity()),
                    used.rgb() == null ? 0 : line.colour(used.rgb()) & 0xFFFFFF);
            point++;
        }
        while (position < file.length) {
            int lineEnd = lineEnd(file, position);
            lineNumber++;
            if (split(file, position, lineEnd, tokens) > 0) {
                throw new PointCloudFormatException(source, "line " + lineNumber + ": more points than POINTS "
                        + header.points());
            }
            position = lineEnd + 1;
        }
        return builder.build();
    }

    private record Line(String[] tokens, int number, String source) {

        float number(Field field) throws PointCloudFormatException {
            String token = tokens[field.valueIndex()];
            try {
                return switch (field.type()) {
                    case 'F' -> field.size() == 4 ? parseFloat(token) : (float) parseDouble(token);
                    case 'U' -> field.size() == 8 ? unsignedToFloat(Long.parseUnsignedLong(token))
                            : checkedInteger(token, 0, (1L << (8 * field.size())) - 1);
                    default -> field.size() == 8 ? Long.parseLong(token)
                            : checkedInteger(token, -(1L << 8 * field.size() - 1), (1L << 8 * field.size() - 1) - 1);
                };
            } catch (NumberFormatException e) {
                throw new PointCloudFormatException(source, "line " + number + ": field " + field.name() + " value '"
                        + abbreviate(token) + "' is not a " + typeName(field));
            }
        }

        /**
         * PCL writes rgb as its uint32 value even when TYPE is F (fully opaque colours would be NaN as floats), other
         * writers print the float: an all-digit token is the bits, anything else a float whose bits are the colour.
         */
        int colour(Field field) throws PointCloudFormatException {
            String token = tokens[field.valueIndex()];
            try {
                if (field.type() != 'F' || token.chars().allMatch(Character::isDigit)) {
                    long value = Long.parseLong(token);
                    if (value < Integer.MIN_VALUE || value > 0xFFFF_FFFFL) {
                        throw new NumberFormatException();
                    }
                    return (int) value;
                }
                return Float.floatToRawIntBits(parseFloat(token));
            } catch (NumberFormatException e) {
                throw new PointCloudFormatException(source, "line " + number + ": field " + field.name() + " value '"
                        + abbreviate(token) + "' is not a packed colour");
            }
        }

        private static long checkedInteger(String token, long min, long max) {
            long value = Long.parseLong(token);
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        }

        private static String typeName(Field field) {
            return switch (field.type()) {
                case 'F' -> field.size() * 8 + "-bit float";
                case 'U' -> field.size() * 8 + "-bit unsigned integer";
                default -> field.size() * 8 + "-bit integer";
            };
        }
    }

    // ---------------------------------------------------------------------------------------------- bytes

    private static int lineEnd(byte[] bytes, int from) {
        int newline = PointClouds.indexOf(bytes, (byte) '\n', from);
        return newline < 0 ? bytes.length : newline;
    }

    /**
     * Splits {@code [from, to)} at spaces, tabs and carriage returns into {@code tokens}; returns how many tokens
     * there were, or {@code tokens.length + 1} when there were more than fit.
     */
    private static int split(byte[] bytes, int from, int to, String[] tokens) {
        int found = 0;
        int i = from;
        while (i < to) {
            while (i < to && isBlank(bytes[i])) {
                i++;
            }
            if (i == to) {
                break;
            }
            int start = i;
            while (i < to && !isBlank(bytes[i])) {
                i++;
            }
            if (found == tokens.length) {
                return tokens.length + 1;
            }
            tokens[found++] = new String(bytes, start, i - start, StandardCharsets.ISO_8859_1);
        }
        return found;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\r';
    }
}
