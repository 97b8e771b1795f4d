package dev.touchstone.ingest.bundle;

import dev.touchstone.ingest.ImportFormatException;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a NumPy {@code .npy} file (format versions 1.0, 2.0 and 3.0) row by row: the first axis is the row, the
 * rest of the shape is one row's values in C order. Memory stays at one buffer however long the file is.
 * <p>
 * The header is checked against the file before anything is allocated: the data size the shape declares must be
 * exactly what follows the header, so a corrupt or truncated file fails at open with the file named, never with an
 * out-of-memory error or a short read in the middle of an import.
 */
public final class NpyReader implements AutoCloseable {

    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** numpy itself refuses headers above this; anything longer is corruption, not data. */
    private static final int MAX_HEADER = 1 << 20;
    private static final int BUFFER = 1 << 16;

    private final FileChannel channel;
    private final String file;
    private final NpyDtype dtype;
    private final long[] shape;
    private final long rows;
    private final int rowLength;
    private final ByteBuffer buffer;
    private long rowsRead;

    private NpyReader(FileChannel channel, String file, NpyDtype dtype, long[] shape, int rowLength, int bufferSize) {
        this.channel = channel;
        this.file = file;
        this.dtype = dtype;
        this.shape = shape;
        this.rows = shape.length == 0 ? 1 : shape[0];
        this.rowLength = rowLength;
        this.buffer = ByteBuffer.allocate(bufferSize).order(ByteOrder.LITTLE_ENDIAN);
        this.buffer.limit(0);
    }

    /**
     * Opens the file and validates its header.
     *
     * @param displayName how to name the file in errors (a path relative to the bundle)
     */
    public static NpyReader open(Path path, String displayName) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ImportFormatException(displayName, "file is missing");
        }
        try {
            return open(channel, displayName);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static NpyReader open(FileChannel channel, String file) throws IOException {
        long fileSize = channel.size();
        ByteBuffer prefix = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, prefix, 0, file, "the NPY preamble");
        byte[] magic = new byte[6];
        prefix.get(0, magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new ImportFormatException(file, "not an NPY file (no \\x93NUMPY magic at the start)");
        }
        int major = prefix.get(6) & 0xFF;
        int minor = prefix.get(7) & 0xFF;
        long headerLength;
        int headerStart;
        if (major == 1) {
            headerLength = prefix.getShort(8) & 0xFFFF;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            headerLength = prefix.getInt(8) & 0xFFFFFFFFL;
            headerStart = 12;
        } else {
            throw new ImportFormatException(file, "NPY format version " + major + "." + minor
                    + " is not supported (1.0, 2.0 and 3.0 are)");
        }
        if (headerLength > MAX_HEADER || headerStart + headerLength > fileSize) {
            throw new ImportFormatException(file, "NPY header length " + headerLength
                    + " does not fit in the file of " + fileSize + " bytes");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        readFully(channel, headerBytes, headerStart, file, "the NPY header");
        String header = new String(headerBytes.array(),
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Map<String, Object> dict = new HeaderParser(header, file).dict();
        Object descr = dict.get("descr");
        Object fortran = dict.get("fortran_order");
        Object shapeValue = dict.get("shape");
        if (!(descr instanceof String d) || !(fortran instanceof Boolean f) || !(shapeValue instanceof long[] shape)) {
            throw new ImportFormatException(file, "NPY header needs 'descr' (a string), 'fortran_order' (True/False) "
                    + "and 'shape' (a tuple): " + abbreviate(header));
        }
        if (dict.size() != 3) {
            throw new ImportFormatException(file, "NPY header has unknown keys: " + dict.keySet());
        }
        if (f && shape.length > 1) {
            throw new ImportFormatException(file, "Fortran-order arrays are not supported; save the array in C order "
                    + "(numpy.ascontiguousarray)");
        }
        StringBuilder why = new StringBuilder();
        NpyDtype dtype = NpyDtype.parse(d, why);
        if (dtype == null) {
            throw new ImportFormatException(file, why.toString());
        }
        long rowLength = 1;
        long rows = shape.length == 0 ? 1 : shape[0];
        long dataStart = headerStart + headerLength;
        long expected;
        try {
            for (int i = 1; i < shape.length; i++) {
                rowLength = Math.multiplyExact(rowLength, shape[i]);
            }
            expected = Math.multiplyExact(Math.multiplyExact(rows, rowLength), dtype.size());
        } catch (ArithmeticException e) {
            throw new ImportFormatException(file, "NPY shape " + shapeText(shape) + " is impossibly large");
        }
        long actual = fileSize - dataStart;
        if (actual != expected) {
            throw new ImportFormatException(file, "NPY shape " + shapeText(shape) + " of " + dtype.descr() + " needs "
                    + expected + " data bytes but the file has " + actual
                    + (actual < expected ? " (truncated?)" : ""));
        }
        long rowBytes = rowLength * dtype.size();
        if (rowBytes > Integer.MAX_VALUE / 2) {
            throw new ImportFormatException(file, "one row of NPY shape " + shapeText(shape) + " is too large");
        }
        channel.position(dataStart);
        return new NpyReader(channel, file, dtype, shape, (int) rowLength,
                (int) Math.max(BUFFER, rowBytes));
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position, String file, String what)
            throws IOException {
        while (into.hasRemaining()) {
            int n = channel.read(into, position + into.position());
            if (n < 0) {
                throw new ImportFormatException(file, "file ends inside " + what);
            }
        }
        into.flip();
    }

    public NpyDtype dtype() {
        return dtype;
    }

    /** The shape as in the header (a copy). */
    public long[] shape() {
        return shape.clone();
    }

    public String shapeText() {
        return shapeText(shape);
    }

    public long rows() {
        return rows;
    }

    /** Values per row: the product of the shape after the first axis. */
    public int rowLength() {
        return rowLength;
    }

    public String file() {
        return file;
    }

    public boolean hasNext() {
        return rowsRead < rows;
    }

    /** The next row as doubles, whatever the dtype. */
    public void next(double[] row) throws IOException {
        fill(row.length);
        for (int i = 0; i < rowLength; i++) {
            row[i] = switch (dtype) {
                case FLOAT32 -> buffer.getFloat();
                case FLOAT64 -> buffer.getDouble();
                case INT64 -> buffer.getLong();
                case INT32 -> buffer.getInt();
                case INT16 -> buffer.getShort();
                case UINT16 -> buffer.getShort() & 0xFFFF;
                case UINT8 -> buffer.get() & 0xFF;
                case INT8 -> buffer.get();
            };
        }
    }

    /** The next row of a 16-bit array, as stored (unsigned values keep their bits). */
    public void next(short[] row) throws IOException {
        requireType(NpyDtype.UINT16, NpyDtype.INT16);
        fill(row.length);
        buffer.asShortBuffer().get(row, 0, rowLength);
        buffer.position(buffer.position() + 2 * rowLength);
    }

    /** The next value of a one-dimensional int64 array (timestamps), exactly. */
    public long nextLong() throws IOException {
        requireType(NpyDtype.INT64);
        if (rowLength != 1) {
            throw new IllegalStateException(file + ": rows of " + rowLength + " values, not single values");
        }
        fill(1);
        return buffer.getLong();
    }

    /** The whole of a one-dimensional int64 array, e.g. timestamps; refuses more than {@code maxValues}. */
    public long[] readAllLongs(int maxValues) throws IOException {
        requireType(NpyDtype.INT64);
        if (shape.length != 1) {
            throw new ImportFormatException(file, "expected a one-dimensional int64 array but the shape is "
                    + shapeText());
        }
        if (rows > maxValues) {
            throw new ImportFormatException(file, rows + " values is more than the " + maxValues + " allowed");
        }
        long[] values = new long[(int) rows];
        for (int i = 0; i < values.length; i++) {
            fill(1);
            values[i] = buffer.getLong();
        }
        return values;
    }

    private void requireType(NpyDtype... allowed) throws ImportFormatException {
        for (NpyDtype type : allowed) {
            if (dtype == type) {
                return;
            }
        }
        throw new ImportFormatException(file, "dtype is " + dtype.descr() + " but " + Arrays.stream(allowed)
                .map(NpyDtype::descr).toList() + " is required");
    }

    private void fill(int arrayLength) throws IOException {
        if (arrayLength < rowLength) {
            throw new IllegalArgumentException("row array of " + arrayLength + " for rows of " + rowLength);
        }
        if (rowsRead >= rows) {
            throw new IllegalStateException(file + ": all " + rows + " rows were read");
        }
        int need = rowLength * dtype.size();
        if (buffer.remaining() < need) {
            buffer.compact();
            while (buffer.position() < need) {
                int n = channel.read(buffer);
                if (n < 0) {
                    // The size was checked at open; only a file changed while reading gets here.
                    throw new ImportFormatException(file, "file ended early (changed while reading?)",
                            new EOFException());
                }
            }
            buffer.flip();
        }
        rowsRead++;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    static String shapeText(long[] shape) {
        StringBuilder text = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            text.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return text.append(shape.length == 1 ? ",)" : ")").toString();
    }

    private static String abbreviate(String text) {
        String t = text.strip();
        return t.length() <= 120 ? t : t.substring(0, 117) + "...";
    }

    /**
     * The header is a Python dict literal. Only the subset numpy writes is accepted (string keys, string, bool and
     * tuple-of-int values) because evaluating anything else would mean trusting the file.
     */
    private static final class HeaderParser {
        private final String text;
        private final String file;
        private int at;

        HeaderParser(String text, String file) {
            this.text = text;
            this.file = file;
        }

        Map<String, Object> dict() throws ImportFormatException {
            Map<String, Object> dict = new LinkedHashMap<>();
            expect('{');
            while (true) {
                skipSpace();
                if (peek() == '}') {
                    at++;
                    break;
                }
                String key = string();
                expect(':');
                if (dict.put(key, value()) != null) {
                    throw error("key '" + key + "' appears twice");
                }
                skipSpace();
                if (peek() == ',') {
                    at++;
                } else if (peek() != '}') {
                    throw error("expected ',' or '}'");
                }
            }
            if (!text.substring(at).isBlank()) {
                throw error("text after the header dict");
            }
            return dict;
        }

        private Object value() throws ImportFormatException {
            skipSpace();
            char c = peek();
            if (c == '\'' || c == '"') {
                return string();
            }
            if (text.startsWith("True", at)) {
                at += 4;
                return Boolean.TRUE;
            }
            if (text.startsWith("False", at)) {
                at += 5;
                return Boolean.FALSE;
            }
            if (c == '(') {
                at++;
                List<Long> dims = new ArrayList<>();
                while (true) {
                    skipSpace();
                    if (peek() == ')') {
                        at++;
                        break;
                    }
                    dims.add(integer());
                    skipSpace();
                    if (peek() == ',') {
                        at++;
                    } else if (peek() != ')') {
                        throw error("expected ',' or ')' in the shape");
                    }
                }
                return dims.stream().mapToLong(Long::longValue).toArray();
            }
            throw error("unsupported value");
        }

        private long integer() throws ImportFormatException {
            int start = at;
            while (at < text.length() && Character.isDigit(text.charAt(at))) {
                at++;
            }
            // numpy 1.x wrote 'L' suffixes on Python 2.
            String digits = text.substring(start, at);
            if (at < text.length() && text.charAt(at) == 'L') {
                at++;
            }
            if (digits.isEmpty() || digits.length() > 18) {
                throw error("a shape dimension must be a non-negative integer");
            }
            return Long.parseLong(digits);
        }

        private String string() throws ImportFormatException {
            skipSpace();
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw error("expected a quoted string");
            }
            int end = text.indexOf(quote, at + 1);
            if (end < 0) {
                throw error("unterminated string");
            }
            String s = text.substring(at + 1, end);
            at = end + 1;
            return s;
        }

        private void expect(char c) throws ImportFormatException {
            skipSpace();
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            at++;
        }

        private char peek() {
            return at < text.length() ? text.charAt(at) : '\0';
        }

        private void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        private ImportFormatException error(String problem) {
            return new ImportFormatException(file, "NPY header is not valid: " + problem + " at character " + at
                    + " of " + abbreviate(text));
        }
    }
}
