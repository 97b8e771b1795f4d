package dev.touchstone.ingest.bundle;

import dev.touchstone.ingest.ImportFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NpyTest {

    @TempDir
    Path dir;

    @Test
    void float32RowsRoundTripWithTheRowCountPatchedIntoTheHeader() throws IOException {
        Path file = dir.resolve("a.npy");
        try (NpyWriter w = NpyWriter.create(file, NpyDtype.FLOAT32, 3)) {
            for (int i = 0; i < 1000; i++) {
                w.append(i, -i * 0.5f, 1e-3f * i);
            }
        }
        assertThat(Files.size(file) % 4).isZero();
        // numpy requires the preamble plus header to be a multiple of 64 bytes; 4 data bytes per value follow.
        assertThat((Files.size(file) - 12_000) % 64).isZero();
        try (NpyReader r = NpyReader.open(file, "a.npy")) {
            assertThat(r.shape()).containsExactly(1000, 3);
            assertThat(r.dtype()).isEqualTo(NpyDtype.FLOAT32);
            double[] row = new double[3];
            for (int i = 0; i < 1000; i++) {
                r.next(row);
                assertThat(row).containsExactly(i, -i * 0.5, (double) (1e-3f * i));
            }
            assertThat(r.hasNext()).isFalse();
        }
    }

    @Test
    void int64ValuesBeyondDoublePrecisionRoundTripExactly() throws IOException {
        Path file = dir.resolve("t.npy");
        long big = (1L << 60) + 1;
        try (NpyWriter w = NpyWriter.create(file, NpyDtype.INT64)) {
            w.append(0L);
            w.append(big);
        }
        try (NpyReader r = NpyReader.open(file, "t.npy")) {
            assertThat(r.shapeText()).isEqualTo("(2,)");
            assertThat(r.nextLong()).isZero();
            assertThat(r.nextLong()).isEqualTo(big);
        }
        try (NpyReader r = NpyReader.open(file, "t.npy")) {
            assertThat(r.readAllLongs(10)).containsExactly(0, big);
        }
    }

    @Test
    void uint16FramesKeepTheirUnsignedBits() throws IOException {
        Path file = dir.resolve("d.npy");
        short[] frame = {0, 1, (short) 65535, (short) 40000, 7, 9};
        try (NpyWriter w = NpyWriter.create(file, NpyDtype.UINT16, 2, 3)) {
            w.append(frame);
            w.append(frame);
        }
        try (NpyReader r = NpyReader.open(file, "d.npy")) {
            assertThat(r.shape()).containsExactly(2, 2, 3);
            short[] read = new short[6];
            r.next(read);
            assertThat(read).containsExactly(frame);
            double[] asDouble = new double[6];
            r.next(asDouble);
            assertThat(asDouble).containsExactly(0, 1, 65535, 40000, 7, 9);
        }
    }

    @Test
    void readsVersion2HeadersAndTheHeaderTextNumpyWrites() throws IOException {
        // Exactly numpy's own header for np.save(f, np.arange(4, dtype='<f8').reshape(2, 2)) with format 2.0.
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }";
        Path file = write("v2.npy", 2, dict, doubles(0, 1, 2, 3));
        try (NpyReader r = NpyReader.open(file, "v2.npy")) {
            double[] row = new double[2];
            r.next(row);
            assertThat(row).containsExactly(0, 1);
            r.next(row);
            assertThat(row).containsExactly(2, 3);
        }
    }

    @Test
    void aOneDimensionalFortranArrayIsTheSameAsCOrder() throws IOException {
        Path file = write("f1.npy", 1, "{'descr': '<i8', 'fortran_order': True, 'shape': (1,), }", longs(42));
        try (NpyReader r = NpyReader.open(file, "f1.npy")) {
            assertThat(r.readAllLongs(1)).containsExactly(42);
        }
    }

    @Test
    void refusesFortranOrderWithAHint() throws IOException {
        Path file = write("f.npy", 1, "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }",
                doubles(0, 1, 2, 3));
        assertThatThrownBy(() -> NpyReader.open(file, "sig/f.npy")).isInstanceOf(ImportFormatException.class)
                .hasMessageStartingWith("sig/f.npy: ").hasMessageContaining("Fortran-order")
                .hasMessageContaining("ascontiguousarray");
    }

    @Test
    void refusesBigEndianAndUnknownDtypes() throws IOException {
        Path big = write("b.npy", 1, "{'descr': '>f8', 'fortran_order': False, 'shape': (1,), }", doubles(1));
        assertThatThrownBy(() -> NpyReader.open(big, "b.npy")).hasMessageContaining("big-endian dtype '>f8'");
        Path complex = write("c.npy", 1, "{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }",
                new byte[16]);
        assertThatThrownBy(() -> NpyReader.open(complex, "c.npy")).hasMessageContaining("dtype '<c16' is not "
                + "supported");
        Path structured = write("s.npy", 1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }",
                new byte[4]);
        assertThatThrownBy(() -> NpyReader.open(structured, "s.npy")).hasMessageContaining("s.npy: NPY header");
    }

    @Test
    void refusesTruncatedDataAndShapesLargerThanTheFile() throws IOException {
        Path file = dir.resolve("t.npy");
        try (NpyWriter w = NpyWriter.create(file, NpyDtype.FLOAT64, 2)) {
            w.append(1, 2);
            w.append(3, 4);
        }
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 5));
        assertThatThrownBy(() -> NpyReader.open(file, "t.npy")).hasMessageContaining("needs 32 data bytes but the "
                + "file has 27 (truncated?)");
        Path huge = write("h.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (999999999999, "
                + "999999999), }", doubles(1));
        assertThatThrownBy(() -> NpyReader.open(huge, "h.npy")).isInstanceOf(ImportFormatException.class)
                .hasMessageContaining("h.npy");
    }

    @Test
    void refusesBadMagicHeaderLengthsBeyondTheFileAndMalformedDicts() throws IOException {
        Path text = dir.resolve("x.npy");
        Files.writeString(text, "hello, this is not numpy");
        assertThatThrownBy(() -> NpyReader.open(text, "x.npy")).hasMessageContaining("not an NPY file");

        ByteBuffer lying = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        lying.put(NpyReader.MAGIC).put((byte) 2).put((byte) 0).putInt(Integer.MAX_VALUE);
        Path longHeader = dir.resolve("l.npy");
        Files.write(longHeader, lying.array());
        assertThatThrownBy(() -> NpyReader.open(longHeader, "l.npy")).hasMessageContaining("does not fit in the file");

        Path shortFile = dir.resolve("s.npy");
        Files.write(shortFile, new byte[]{(byte) 0x93, 'N', 'U'});
        assertThatThrownBy(() -> NpyReader.open(shortFile, "s.npy")).hasMessageContaining("file ends inside");

        Path code = write("e.npy", 1, "{'descr': __import__('os'), 'fortran_order': False, 'shape': (1,), }",
                doubles(1));
        assertThatThrownBy(() -> NpyReader.open(code, "e.npy")).hasMessageContaining("NPY header is not valid");
        Path missingKey = write("m.npy", 1, "{'descr': '<f8', 'shape': (1,), }", doubles(1));
        assertThatThrownBy(() -> NpyReader.open(missingKey, "m.npy")).hasMessageContaining("'fortran_order'");
        Path version = write("v.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", doubles(1));
        byte[] bytes = Files.readAllBytes(version);
        bytes[6] = 9;
        Files.write(version, bytes);
        assertThatThrownBy(() -> NpyReader.open(version, "v.npy")).hasMessageContaining("version 9.0");
    }

    /** Files written by numpy 2.4 itself (src/test/resources/npy), so the reader is checked against the real thing. */
    private static Path numpyFile(String name) throws Exception {
        return Path.of(NpyTest.class.getResource("/npy/" + name).toURI());
    }

    @Test
    void readsWhatNumpyWrites() throws Exception {
        try (NpyReader r = NpyReader.open(numpyFile("numpy_f64_4x3.npy"), "f64")) {
            assertThat(r.shape()).containsExactly(4, 3);
            double[] row = new double[3];
            r.next(row);
            r.next(row);
            assertThat(row).containsExactly(3, 4, 5);
        }
        try (NpyReader r = NpyReader.open(numpyFile("numpy_u2_2x3x4.npy"), "u2")) {
            assertThat(r.rowLength()).isEqualTo(12);
            short[] frame = new short[12];
            r.next(frame);
            r.next(frame);
            assertThat(frame[11] & 0xFFFF).isEqualTo(23 * 2000);
        }
        try (NpyReader r = NpyReader.open(numpyFile("numpy_i8_3.npy"), "i8")) {
            assertThat(r.readAllLongs(3)).containsExactly(0, 1, 1L << 62);
        }
        try (NpyReader r = NpyReader.open(numpyFile("numpy_f4_v2_2x2.npy"), "v2")) {
            double[] row = new double[2];
            r.next(row);
            assertThat(row).containsExactly(1.5, -2);
        }
        assertThatThrownBy(() -> NpyReader.open(numpyFile("numpy_fortran_f8_2x3.npy"), "fortran.npy"))
                .hasMessageContaining("Fortran-order");
        assertThatThrownBy(() -> NpyReader.open(numpyFile("numpy_big_endian_f8.npy"), "big.npy"))
                .hasMessageContaining("big-endian");
    }

    @Test
    void writesTheSameHeaderBytesNumpyWould() throws Exception {
        Path file = dir.resolve("same.npy");
        try (NpyWriter w = NpyWriter.create(file, NpyDtype.INT64)) {
            w.append(0L);
            w.append(1L);
            w.append(1L << 62);
        }
        // Same data and the same header text; only the padding differs (room for any row count).
        byte[] ours = Files.readAllBytes(file);
        byte[] theirs = Files.readAllBytes(numpyFile("numpy_i8_3.npy"));
        String ourHeader = new String(ours, 10, ours.length - 24 - 10, StandardCharsets.US_ASCII).strip();
        String theirHeader = new String(theirs, 10, theirs.length - 24 - 10, StandardCharsets.US_ASCII).strip();
        assertThat(ourHeader).isEqualTo(theirHeader);
        assertThat(java.util.Arrays.copyOfRange(ours, ours.length - 24, ours.length))
                .isEqualTo(java.util.Arrays.copyOfRange(theirs, theirs.length - 24, theirs.length));
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> NpyReader.open(dir.resolve("nope.npy"), "signals/nope.npy"))
                .isInstanceOf(ImportFormatException.class).hasMessage("signals/nope.npy: file is missing");
    }

    private Path write(String name, int major, String dict, byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(NpyReader.MAGIC);
        out.write(major);
        out.write(0);
        int prefix = major == 1 ? 10 : 12;
        int total = (prefix + dict.length() + 1 + 63) / 64 * 64;
        String padded = dict + " ".repeat(total - prefix - dict.length() - 1) + "\n";
        int length = padded.length();
        if (major == 1) {
            out.write(length & 0xFF);
            out.write(length >> 8);
        } else {
            out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(length).array());
        }
        out.write(padded.getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        Path file = dir.resolve(name);
        Files.write(file, out.toByteArray());
        return file;
    }

    private static byte[] doubles(double... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        return b.array();
    }

    private static byte[] longs(long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return b.array();
    }
}
