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
import java.util.Map;
import java.util.StringJoiner;

/**
 * Writes small PLY files in any of the three formats from element and property declarations and rows, so that reader
 * tests do not depend on sample files. A row holds a {@link Number} per scalar property and a {@code double[]} per
 * list property.
 */
final class PlyFixture {

    enum Format {
        ASCII("ascii"), LITTLE_ENDIAN("binary_little_endian"), BIG_ENDIAN("binary_big_endian");

        final String keyword;

        Format(String keyword) {
            this.keyword = keyword;
        }
    }

    /** A property; {@code countType} is null for scalars. */
    record Property(String type, String name, String countType) {
        static Property of(String type, String name) {
            return new Property(type, name, null);
        }

        static Property list(String countType, String type, String name) {
            return new Property(type, name, countType);
        }
    }

    private record Element(String name, List<Property> properties, List<Object[]> rows) {
    }

    private static final Map<String, Character> KINDS = Map.ofEntries(
            Map.entry("char", 'b'), Map.entry("int8", 'b'), Map.entry("uchar", 'b'), Map.entry("uint8", 'b'),
            Map.entry("short", 's'), Map.entry("int16", 's'), Map.entry("ushort", 's'), Map.entry("uint16", 's'),
            Map.entry("int", 'i'), Map.entry("int32", 'i'), Map.entry("uint", 'i'), Map.entry("uint32", 'i'),
            Map.entry("float", 'f'), Map.entry("float32", 'f'), Map.entry("double", 'd'), Map.entry("float64", 'd'));

    private final List<Element> elements = new ArrayList<>();
    private final List<String> headerLines = new ArrayList<>();
    private String lineEnd = "\n";

    PlyFixture comment(String line) {
        headerLines.add(line);
        return this;
    }

    PlyFixture element(String name, Property... properties) {
        elements.add(new Element(name, List.of(properties), new ArrayList<>()));
        return this;
    }

    /** Adds an instance of the element declared last. */
    PlyFixture row(Object... values) {
        Element element = elements.getLast();
        if (values.length != element.properties().size()) {
            throw new IllegalArgumentException(values.length + " values for " + element.properties());
        }
        element.rows().add(values);
        return this;
    }

    PlyFixture crlf() {
        lineEnd = "\r\n";
        return this;
    }

    String header(Format format) {
        StringJoiner header = new StringJoiner(lineEnd, "", lineEnd);
        header.add("ply").add("format " + format.keyword + " 1.0");
        headerLines.forEach(header::add);
        for (Element element : elements) {
            header.add("element " + element.name() + " " + element.rows().size());
            for (Property property : element.properties()) {
                header.add(property.countType() == null ? "property " + property.type() + " " + property.name()
                        : "property list " + property.countType() + " " + property.type() + " " + property.name());
            }
        }
        return header.add("end_header").toString();
    }

    byte[] write(Format format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header(format).getBytes(StandardCharsets.US_ASCII));
        ByteOrder order = format == Format.BIG_ENDIAN ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        for (Element element : elements) {
            for (Object[] row : element.rows()) {
                List<String> tokens = new ArrayList<>();
                for (int p = 0; p < row.length; p++) {
                    Property property = element.properties().get(p);
                    if (property.countType() == null) {
                        double value = ((Number) row[p]).doubleValue();
                        tokens.add(text(property.type(), value));
                        out.writeBytes(format == Format.ASCII ? new byte[0] : bytes(property.type(), value, order));
                    } else {
                        double[] items = (double[]) row[p];
                        tokens.add(text(property.countType(), items.length));
                        out.writeBytes(format == Format.ASCII ? new byte[0]
                                : bytes(property.countType(), items.length, order));
                        for (double item : items) {
                            tokens.add(text(property.type(), item));
                            out.writeBytes(format == Format.ASCII ? new byte[0] : bytes(property.type(), item, order));
                        }
                    }
                }
                if (format == Format.ASCII) {
                    out.writeBytes((String.join(" ", tokens) + lineEnd).getBytes(StandardCharsets.US_ASCII));
                }
            }
        }
        return out.toByteArray();
    }

    private static String text(String type, double value) {
        return switch (KINDS.get(type)) {
            case 'f', 'd' -> Double.isNaN(value) ? "nan" : Double.toString(value);
            default -> Long.toString((long) value);
        };
    }

    private static byte[] bytes(String type, double value, ByteOrder order) {
        return switch (KINDS.get(type)) {
            case 'b' -> new byte[] {(byte) (long) value};
            case 's' -> ByteBuffer.allocate(2).order(order).putShort((short) (long) value).array();
            case 'i' -> ByteBuffer.allocate(4).order(order).putInt((int) (long) value).array();
            case 'f' -> ByteBuffer.allocate(4).order(order).putFloat((float) value).array();
            default -> ByteBuffer.allocate(8).order(order).putDouble(value).array();
        };
    }
}
