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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.touchstone.ingest.pointcloud.PointClouds.abbreviate;
import static dev.touchstone.ingest.pointcloud.PointClouds.parseDouble;

/**
 * Reads the vertices of a PLY file ({@code format ascii 1.0}, {@code binary_little_endian 1.0},
 * {@code binary_big_endian 1.0}) as a point cloud.
 * <p>
 * From the {@code vertex} element: {@code x}, {@code y}, {@code z} (required, any scalar type), colour from
 * {@code red}/{@code green}/{@code blue} (or {@code diffuse_red}/...; only when all three are present), intensity from
 * {@code intensity} or {@code scalar_intensity} (CloudCompare's name); names compared ignoring case. Colour
 * conversion by type: uchar as is; float and double as 0..1 scaled to 0..255; ushort as 16-bit colour scaled down;
 * other integer types clamped to 0..255.
 * <p>
 * Every other element (faces, edges, materials) and every other vertex property, lists included, is read past: in
 * binary files a list's length is only known by reading its count, so skipping a face element means walking it. Both
 * the old ({@code uchar}, {@code float}) and the sized ({@code uint8}, {@code float32}) type names are accepted.
 * Trailing bytes after the last element of a binary file are ignored; trailing values in an ascii file are an error.
 */
public final class PlyReader {

    /** Points whose xyz still fit in one Java array. */
    private static final int MAX_POINTS = (Integer.MAX_VALUE - 8) / 3;

    private PlyReader() {
    }

    public static PointCloud read(Path file) throws IOException {
        return read(PointClouds.readAllBytes(file), file.toString());
    }

    /** Reads the whole stream; {@code source} names it in error messages. */
    public static PointCloud read(InputStream in, String source) throws IOException {
        return read(in.readAllBytes(), source);
    }

    /** Reads a whole PLY file held in memory; {@code source} names it in error messages. */
    public static PointCloud read(byte[] file, String source) throws PointCloudFormatException {
        Header header = readHeader(file, source);
        long vertexElements = header.elements().stream().filter(e -> e.name().equals("vertex")).count();
        if (vertexElements != 1) {
            throw new PointCloudFormatException(source, vertexElements == 0 ? "the file has no vertex element"
                    : "the file has " + vertexElements + " vertex elements");
        }
        Body body = header.format() == Format.ASCII
                ? new AsciiBody(file, header.dataStart(), header.dataLine(), source)
                : new BinaryBody(file, header.dataStart(), header.format() == Format.BINARY_LITTLE_ENDIAN
                ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN, source);
        PointCloud cloud = null;
        for (Element element : header.elements()) {
            if (element.name().equals("vertex")) {
                cloud = readVertices(body, element, source);
            } else {
                skip(body, element);
            }
        }
        body.finish();
        return cloud;
    }

    enum Format { ASCII, BINARY_LITTLE_ENDIAN, BINARY_BIG_ENDIAN }

    /** The scalar types of PLY, each under its classic and its sized name. */
    enum Type {
        CHAR("char", "int8", 1, false, -128, 127),
        UCHAR("uchar", "uint8", 1, false, 0, 255),
        SHORT("short", "int16", 2, false, Short.MIN_VALUE, Short.MAX_VALUE),
        USHORT("ushort", "uint16", 2, false, 0, 0xFFFF),
        INT("int", "int32", 4, false, Integer.MIN_VALUE, Integer.MAX_VALUE),
        UINT("uint", "uint32", 4, false, 0, 0xFFFF_FFFFL),
        FLOAT("float", "float32", 4, true, 0, 0),
        DOUBLE("double", "float64", 8, true, 0, 0);

        private static final Map<String, Type> BY_NAME = new HashMap<>();

        static {
            for (Type type : values()) {
                BY_NAME.put(type.name, type);
                BY_NAME.put(type.sizedName, type);
            }
        }

        final String name;
        final String sizedName;
        final int size;
        final boolean floating;
        final long min;
        final long max;

        Type(String name, String sizedName, int size, boolean floating, long min, long max) {
            this.name = name;
            this.sizedName = sizedName;
            this.size = size;
            this.floating = floating;
            this.min = min;
            this.max = max;
        }

        static Type named(String name) {
            return BY_NAME.get(name);
        }

        double read(ByteBuffer data, int at) {
            return switch (this) {
                case CHAR -> data.get(at);
                case UCHAR -> data.get(at) & 0xFF;
                case SHORT -> data.getShort(at);
                case USHORT -> data.getShort(at) & 0xFFFF;
                case INT -> data.getInt(at);
                case UINT -> Integer.toUnsignedLong(data.getInt(at));
                case FLOAT -> data.getFloat(at);
                case DOUBLE -> data.getDouble(at);
            };
        }
    }

    /** A property; {@code countType} is set for {@code property list <countType> <type> <name>}. */
    record Property(String name, Type type, Type countType) {
        boolean isList() {
            return countType != null;
        }
    }

    record Element(String name, long count, List<Property> properties) {
        boolean hasLists() {
            return properties.stream().anyMatch(Property::isList);
        }

        /** Bytes of one instance without lists, or the least one instance can take with them. */
        long minimumBytes() {
            return properties.stream().mapToLong(p -> p.isList() ? p.countType().size : p.type().size).sum();
        }
    }

    record Header(Format format, List<Element> elements, int dataStart, int dataLine) {
    }

    // ---------------------------------------------------------------------------------------------- header

    private static Header readHeader(byte[] file, String source) throws PointCloudFormatException {
        if (!PointClouds.isPly(file)) {
            throw new PointCloudFormatException(source, file.length == 0 ? "the file is empty"
                    : "not a PLY file: it does not start with the line 'ply'");
        }
        Format format = null;
        List<Element> elements = new ArrayList<>();
        List<Property> properties = null;
        int position = 0;
        int lineNumber = 0;
        while (true) {
            if (position >= file.length) {
                throw new PointCloudFormatException(source, "the header ends without an end_header line");
            }
            int newline = PointClouds.indexOf(file, (byte) '\n', position);
            int lineEnd = newline < 0 ? file.length : newline;
            if (lineEnd - position > PointClouds.MAX_HEADER_LINE) {
                throw new PointCloudFormatException(source, "header line " + (lineNumber + 1) + " is longer than "
                        + PointClouds.MAX_HEADER_LINE + " bytes; this is not a PLY header");
            }
            String line = new String(file, position, lineEnd - position, StandardCharsets.ISO_8859_1).strip();
            position = newline < 0 ? file.length : newline + 1;
            lineNumber++;
            String[] words = line.split("\\s+");
            String where = "header line " + lineNumber + ": ";
            switch (words[0]) {
                case "ply", "comment", "obj_info", "" -> {
                    if (words[0].equals("ply") && lineNumber > 1) {
                        throw new PointCloudFormatException(source, where + "'ply' again");
                    }
                }
                case "format" -> {
                    if (format != null) {
                        throw new PointCloudFormatException(source, where + "a second format line");
                    }
                    if (words.length != 3) {
                        throw new PointCloudFormatException(source, where + "expected 'format <kind> 1.0'");
                    }
                    format = switch (words[1]) {
                        case "ascii" -> Format.ASCII;
                        case "binary_little_endian" -> Format.BINARY_LITTLE_ENDIAN;
                        case "binary_big_endian" -> Format.BINARY_BIG_ENDIAN;
                        default -> throw new PointCloudFormatException(source, where + "unknown format '"
                                + abbreviate(words[1])
                                + "' (expected ascii, binary_little_endian or binary_big_endian)");
                    };
                    if (!words[2].equals("1.0")) {
                        throw new PointCloudFormatException(source, where + "format version '"
                                + abbreviate(words[2]) + "' is not supported (only 1.0)");
                    }
                }
                case "element" -> {
                    if (words.length != 3) {
                        throw new PointCloudFormatException(source, where + "expected 'element <name> <count>'");
                    }
                    long count;
                    try {
                        count = Long.parseLong(words[2]);
                    } catch (NumberFormatException e) {
                        count = -1;
                    }
                    if (count < 0) {
                        throw new PointCloudFormatException(source, where + "element " + words[1] + " has count '"
                                + abbreviate(words[2]) + "'");
                    }
                    properties = new ArrayList<>();
                    elements.add(new Element(words[1], count, properties));
                }
                case "property" -> {
                    if (properties == null) {
                        throw new PointCloudFormatException(source, where + "a property before any element");
                    }
                    properties.add(property(words, where, source));
                }
                case "end_header" -> {
                    if (format == null) {
                        throw new PointCloudFormatException(source, "the header has no format line");
                    }
                    List<Element> frozen = elements.stream()
                            .map(e -> new Element(e.name(), e.count(), List.copyOf(e.properties()))).toList();
                    return new Header(format, frozen, position, lineNumber);
                }
                default -> throw new PointCloudFormatException(source, where + "unknown keyword '"
                        + abbreviate(words[0]) + "'");
            }
        }
    }

    private static Property property(String[] words, String where, String source) throws PointCloudFormatException {
        if (words.length == 5 && words[1].equals("list")) {
            Type countType = type(words[2], where, source);
            if (countType.floating) {
                throw new PointCloudFormatException(source, where + "list " + words[4] + " has a "
                        + words[2] + " count; counts are integers");
            }
            return new Property(words[4], type(words[3], where, source), countType);
        }
        if (words.length != 3 || words[1].equals("list")) {
            throw new PointCloudFormatException(source, where
                    + "expected 'property <type> <name>' or 'property list <count type> <type> <name>'");
        }
        return new Property(words[2], type(words[1], where, source), null);
    }

    private static Type type(String name, String where, String source) throws PointCloudFormatException {
        Type type = Type.named(name);
        if (type == null) {
            throw new PointCloudFormatException(source, where + "unknown property type '"
                    + abbreviate(name) + "'");
        }
        return type;
    }

    // ---------------------------------------------------------------------------------------------- elements

    /** What a vertex property is used for. */
    private enum Role { X, Y, Z, INTENSITY, RED, GREEN, BLUE, NONE }

    private static PointCloud readVertices(Body body, Element vertex, String source) throws PointCloudFormatException {
        List<Property> properties = vertex.properties();
        Role[] roles = new Role[properties.size()];
        Map<Role, Property> used = new HashMap<>();
        for (int i = 0; i < roles.length; i++) {
            Property property = properties.get(i);
            Role role = role(property.name());
            if (property.isList()) {
                if (role == Role.X || role == Role.Y || role == Role.Z) {
                    throw new PointCloudFormatException(source, "vertex property " + property.name()
                            + " is a list; expected a single value");
                }
                role = Role.NONE; // an intensity or colour list has no single value to take: read past it
            }
            // The first property of a name counts; a repeated name is read past.
            roles[i] = role != Role.NONE && used.putIfAbsent(role, property) == null ? role : Role.NONE;
        }
        if (!used.containsKey(Role.X) || !used.containsKey(Role.Y) || !used.containsKey(Role.Z)) {
            throw new PointCloudFormatException(source, "the vertex element lacks x, y or z (properties "
                    + properties.stream().map(Property::name).toList() + ")");
        }
        boolean withRgb = used.containsKey(Role.RED) && used.containsKey(Role.GREEN) && used.containsKey(Role.BLUE);
        if (!withRgb) {
            for (int i = 0; i < roles.length; i++) {
                if (roles[i] == Role.RED || roles[i] == Role.GREEN || roles[i] == Role.BLUE) {
                    roles[i] = Role.NONE;
                }
            }
        }
        if (vertex.count() > MAX_POINTS) {
            throw new PointCloudFormatException(source, "element vertex has " + vertex.count()
                    + " vertices, more than the " + MAX_POINTS + " points one cloud can hold");
        }
        int count = (int) vertex.count();
        body.checkRoomFor(vertex);
        PointCloudBuilder builder = new PointCloudBuilder(count, used.containsKey(Role.INTENSITY), withRgb,
                properties.stream().map(Property::name).toList());
        double[] values = new double[Role.values().length];
        for (int v = 0; v < count; v++) {
            for (int p = 0; p < roles.length; p++) {
                Property property = properties.get(p);
                if (property.isList()) {
                    body.skipList(property, vertex, v);
                } else if (roles[p] == Role.NONE) {
                    body.skipValue(property.type(), vertex, v);
                } else {
                    values[roles[p].ordinal()] = body.value(property.type(), vertex, v);
                }
            }
            int rgb = withRgb ? colour(values[Role.RED.ordinal()], used.get(Role.RED).type()) << 16
                    | colour(values[Role.GREEN.ordinal()], used.get(Role.GREEN).type()) << 8
                    | colour(values[Role.BLUE.ordinal()], used.get(Role.BLUE).type()) : 0;
            builder.add((float) values[Role.X.ordinal()], (float) values[Role.Y.ordinal()],
                    (float) values[Role.Z.ordinal()], (float) values[Role.INTENSITY.ordinal()], rgb);
        }
        return builder.build();
    }

    private static Role role(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "x" -> Role.X;
            case "y" -> Role.Y;
            case "z" -> Role.Z;
            case "intensity", "scalar_intensity" -> Role.INTENSITY;
            case "red", "diffuse_red" -> Role.RED;
            case "green", "diffuse_green" -> Role.GREEN;
            case "blue", "diffuse_blue" -> Role.BLUE;
            default -> Role.NONE;
        };
    }

    private static int colour(double value, Type type) {
        double scaled = switch (type) {
            case FLOAT, DOUBLE -> value * 255;
            case USHORT -> value / 257; // 0xFFFF / 257 = 0xFF
            default -> value;
        };
        return Double.isNaN(scaled) ? 0 : (int) Math.max(0, Math.min(255, Math.round(scaled)));
    }

    private static void skip(Body body, Element element) throws PointCloudFormatException {
        if (element.properties().isEmpty()) {
            return; // nothing to read, however large the count
        }
        if (!element.hasLists() && body.skipFixed(element)) {
            return;
        }
        for (long i = 0; i < element.count(); i++) {
            for (Property property : element.properties()) {
                if (property.isList()) {
                    body.skipList(property, element, i);
                } else {
                    body.skipValue(property.type(), element, i);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- bodies

    /** The data after the header, read one value at a time; every method fails cleanly at the end of the data. */
    private sealed interface Body permits AsciiBody, BinaryBody {

        double value(Type type, Element element, long index) throws PointCloudFormatException;

        void skipValue(Type type, Element element, long index) throws PointCloudFormatException;

        void skipList(Property list, Element element, long index) throws PointCloudFormatException;

        /** Skips a whole element without lists at once, if this body can; false: skip value by value. */
        boolean skipFixed(Element element) throws PointCloudFormatException;

        /** Fails when the rest of the data is too short for the element, before arrays are sized by its count. */
        void checkRoomFor(Element element) throws PointCloudFormatException;

        void finish() throws PointCloudFormatException;
    }

    private static final class BinaryBody implements Body {

        private final ByteBuffer data;
        private final String source;
        private int position;

        BinaryBody(byte[] file, int start, ByteOrder order, String source) {
            this.data = ByteBuffer.wrap(file).order(order);
            this.position = start;
            this.source = source;
        }

        @Override
        public double value(Type type, Element element, long index) throws PointCloudFormatException {
            require(type.size, element, index);
            double value = type.read(data, position);
            position += type.size;
            return value;
        }

        @Override
        public void skipValue(Type type, Element element, long index) throws PointCloudFormatException {
            require(type.size, element, index);
            position += type.size;
        }

        @Override
        public void skipList(Property list, Element element, long index) throws PointCloudFormatException {
            double count = value(list.countType(), element, index);
            if (count < 0) {
                throw new PointCloudFormatException(source, "element " + element.name() + " " + index + " of "
                        + element.count() + ": list " + list.name() + " has negative length " + (long) count);
            }
            require((long) count * list.type().size, element, index);
            position += (int) ((long) count * list.type().size);
        }

        @Override
        public boolean skipFixed(Element element) throws PointCloudFormatException {
            checkRoomFor(element);
            position += (int) (element.count() * element.minimumBytes());
            return true;
        }

        @Override
        public void checkRoomFor(Element element) throws PointCloudFormatException {
            long left = data.limit() - position;
            long size = element.minimumBytes();
            // Divided, not multiplied: the count of a corrupt header can make the product overflow.
            if (size > 0 && element.count() > left / size) {
                throw new PointCloudFormatException(source, "the file ends inside element " + element.name()
                        + ": " + element.count() + " items of " + (element.hasLists() ? "at least " : "") + size
                        + " bytes do not fit in the " + left + " bytes left");
            }
        }

        @Override
        public void finish() {
            // Bytes after the last element are ignored.
        }

        private void require(long bytes, Element element, long index) throws PointCloudFormatException {
            if (bytes > data.limit() - position) {
                throw new PointCloudFormatException(source, "the file ends inside element " + element.name() + " "
                        + index + " of " + element.count() + " (truncated)");
            }
        }
    }

    private static final class AsciiBody implements Body {

        private final byte[] file;
        private final String source;
        private int position;
        private int line;

        AsciiBody(byte[] file, int start, int headerLines, String source) {
            this.file = file;
            this.position = start;
            this.line = headerLines + 1;
            this.source = source;
        }

        @Override
        public double value(Type type, Element element, long index) throws PointCloudFormatException {
            String token = next(element, index);
            try {
                if (type.floating) {
                    return parseDouble(token);
                }
                long value = Long.parseLong(token);
                if (value < type.min || value > type.max) {
                    throw new NumberFormatException();
                }
                return value;
            } catch (NumberFormatException e) {
                throw new PointCloudFormatException(source, "line " + line + ": '" + abbreviate(token)
                        + "' is not a " + type.name + " (element " + element.name() + " " + index + ")");
            }
        }

        @Override
        public void skipValue(Type type, Element element, long index) throws PointCloudFormatException {
            next(element, index);
        }

        @Override
        public void skipList(Property list, Element element, long index) throws PointCloudFormatException {
            double count = value(list.countType(), element, index);
            if (count < 0) {
                throw new PointCloudFormatException(source, "line " + line + ": list " + list.name()
                        + " has negative length " + (long) count);
            }
            for (long i = 0; i < count; i++) {
                next(element, index);
            }
        }

        @Override
        public boolean skipFixed(Element element) {
            return false;
        }

        @Override
        public void checkRoomFor(Element element) throws PointCloudFormatException {
            // One character and one separator per value at the least.
            long bytes = element.count() * element.properties().size() * 2 - 1;
            if (bytes > file.length - position) {
                throw new PointCloudFormatException(source, "the file ends inside element " + element.name()
                        + ": " + element.count() + " items cannot fit in the " + (file.length - position)
                        + " bytes left");
            }
        }

        @Override
        public void finish() throws PointCloudFormatException {
            skipBlanks();
            if (position < file.length) {
                throw new PointCloudFormatException(source, "line " + line + ": data after the last element");
            }
        }

        private String next(Element element, long index) throws PointCloudFormatException {
            skipBlanks();
            if (position >= file.length) {
                throw new PointCloudFormatException(source, "the file ends inside element " + element.name() + " "
                        + index + " of " + element.count() + " (truncated)");
            }
            int start = position;
            while (position < file.length && !isBlank(file[position])) {
                position++;
            }
            return new String(file, start, position - start, StandardCharsets.ISO_8859_1);
        }

        private void skipBlanks() {
            while (position < file.length && isBlank(file[position])) {
                if (file[position] == '\n') {
                    line++;
                }
                position++;
            }
        }

        private static boolean isBlank(byte b) {
            return b == ' ' || b == '\t' || b == '\r' || b == '\n';
        }
    }
}
