package dev.touchstone.ingest.bundle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Writes a NumPy {@code .npy} file (format 1.0, C order, little-endian) one row at a time, so that a long
 * recording is never held in memory. The number of rows is unknown until {@link #close()}: the header is written
 * first with room for the largest possible count and rewritten with the real one at the end (same length, spaces
 * fill the rest, as numpy pads its own headers).
 */
public final class NpyWriter implements AutoCloseable {

    private static final int BUFFER = 1 << 16;

    private final FileChannel channel;
    private final NpyDtype dtype;
    private final long[] rowShape;
    private final int rowLength;
    private final int headerSize;
    private final ByteBuffer buffer;
    private long rows;
    private boolean closed;

    private NpyWriter(FileChannel channel, NpyDtype dtype, long[] rowShape, int headerSize) {
        this.channel = channel;
        this.dtype = dtype;
        this.rowShape = rowShape;
        this.rowLength = (int) Arrays.stream(rowShape).reduce(1, Math::multiplyExact);
        this.headerSize = headerSize;
        this.buffer = ByteBuffer.allocate(Math.max(BUFFER, rowLength * dtype.size())).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Creates (or replaces) the file.
     *
     * @param rowShape the shape of one row, e.g. {@code 21} for 21 channels, {@code 120, 160} for a depth frame;
     *                 empty for a one-dimensional array
     */
    public static NpyWriter create(Path file, NpyDtype dtype, int... rowShape) throws IOException {
        long[] shape = Arrays.stream(rowShape).asLongStream().toArray();
        for (long dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(rowShape));
            }
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        byte[] widest = header(dtype, Long.MAX_VALUE, shape, 0);
        NpyWriter writer = new NpyWriter(channel, dtype, shape, widest.length);
        channel.write(ByteBuffer.wrap(header(dtype, 0, shape, widest.length)));
        return writer;
    }

    /** The complete header for {@code rows} rows, padded to {@code size} bytes (0: numpy's own padding). */
    static byte[] header(NpyDtype dtype, long rows, long[] rowShape, int size) {
        long[] shape = new long[rowShape.length + 1];
        shape[0] = rows;
        System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
        String dict = "{'descr': '" + dtype.descr() + "', 'fortran_order': False, 'shape': "
                + NpyReader.shapeText(shape) + ", }";
        int unpadded = NpyReader.MAGIC.length + 2 + 2 + dict.length() + 1;
        int total = size > 0 ? size : (unpadded + 63) / 64 * 64;
        if (total < unpadded || total - 10 > 0xFFFF) {
            throw new IllegalStateException("NPY header does not fit in " + total + " bytes");
        }
        ByteBuffer header = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        header.put(NpyReader.MAGIC).put((byte) 1).put((byte) 0).putShort((short) (total - 10));
        header.put(dict.getBytes(StandardCharsets.US_ASCII));
        while (header.position() < total - 1) {
            header.put((byte) ' ');
        }
        header.put((byte) '\n');
        return header.array();
    }

    public long rows() {
        return rows;
    }

    public void append(double... row) throws IOException {
        checkRow(row.length);
        for (double v : row) {
            switch (dtype) {
                case FLOAT32 -> buffer.putFloat((float) v);
                case FLOAT64 -> buffer.putDouble(v);
                case INT64 -> buffer.putLong((long) v);
                case INT32 -> buffer.putInt((int) v);
                case INT16, UINT16 -> buffer.putShort((short) (long) v);
                case UINT8, INT8 -> buffer.put((byte) (long) v);
            }
        }
    }

    public void append(float... row) throws IOException {
        if (dtype != NpyDtype.FLOAT32) {
            double[] widened = new double[row.length];
            for (int i = 0; i < row.length; i++) {
                widened[i] = row[i];
            }
            append(widened);
            return;
        }
        checkRow(row.length);
        for (float v : row) {
            buffer.putFloat(v);
        }
    }

    public void append(short... row) throws IOException {
        if (dtype != NpyDtype.UINT16 && dtype != NpyDtype.INT16) {
            throw new IllegalStateException("short rows need a 16-bit dtype, this file is " + dtype.descr());
        }
        checkRow(row.length);
        for (short v : row) {
            buffer.putShort(v);
        }
    }

    /** One value of a one-dimensional int64 array (timestamps). */
    public void append(long value) throws IOException {
        if (dtype != NpyDtype.INT64 || rowLength != 1) {
            throw new IllegalStateException("single long values need a one-dimensional int64 file");
        }
        checkRow(1);
        buffer.putLong(value);
    }

    private void checkRow(int length) throws IOException {
        if (closed) {
            throw new IllegalStateException("NPY writer is closed");
        }
        if (length != rowLength) {
            throw new IllegalArgumentException("row of " + length + " values, the file has rows of " + rowLength);
        }
        if (buffer.remaining() < rowLength * dtype.size()) {
            flush();
        }
        rows++;
    }

    private void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (channel) {
            flush();
            channel.write(ByteBuffer.wrap(header(dtype, rows, rowShape, headerSize)), 0);
        }
    }
}
