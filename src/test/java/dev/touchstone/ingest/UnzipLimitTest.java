package dev.touchstone.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Unpacking stops at its limit: never a byte past it on disk, and a declared size too big writes nothing. */
class UnzipLimitTest {

    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    private static long unpackedBytes(Path target) throws IOException {
        try (Stream<Path> files = Files.walk(target)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void streamingStopsTheMomentTheLimitWouldBePassed() throws IOException {
        Path zip = dir.resolve("zeros.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("a/zeros.bin"));
            byte[] zeros = new byte[MIB];
            for (int i = 0; i < 16; i++) {
                out.write(zeros);
            }
            out.closeEntry();
        }
        Path target = dir.resolve("unpacked");
        var limit = new ImportSources.UnpackLimit(3 * MIB + 12_345, "a test limit");

        assertThatThrownBy(() -> ImportSources.unzip(zip, target, limit))
                .isInstanceOf(ImportFormatException.class)
                .hasMessageContaining("zeros.zip").hasMessageContaining("more than 3.2 MB")
                .hasMessageContaining("a test limit").hasMessageContaining("a/zeros.bin");
        assertThat(unpackedBytes(target)).isLessThanOrEqualTo(limit.bytes()).isGreaterThan(2L * MIB);
    }

    @Test
    void anEntryDeclaringMoreThanTheLimitWritesNothing() throws IOException {
        byte[] data = new byte[2 * MIB];
        CRC32 crc = new CRC32();
        crc.update(data);
        Path zip = dir.resolve("stored.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            ZipEntry small = new ZipEntry("small.txt");
            out.putNextEntry(small);
            out.write("fits".getBytes());
            out.closeEntry();
            // STORED entries carry their size in the local header, which the unpacker reads before any data.
            ZipEntry big = new ZipEntry("big.bin");
            big.setMethod(ZipEntry.STORED);
            big.setSize(data.length);
            big.setCompressedSize(data.length);
            big.setCrc(crc.getValue());
            out.putNextEntry(big);
            out.write(data);
            out.closeEntry();
        }
        Path target = dir.resolve("unpacked");
        assertThatThrownBy(() -> ImportSources.unzip(zip, target, new ImportSources.UnpackLimit(MIB, "test")))
                .isInstanceOf(ImportFormatException.class).hasMessageContaining("big.bin");
        assertThat(Files.exists(target.resolve("big.bin"))).isFalse();
        assertThat(unpackedBytes(target)).isEqualTo(4);
    }

    @Test
    void anArchiveWithinTheLimitUnpacksWhole() throws IOException {
        Path zip = dir.resolve("ok.zip");
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            out.putNextEntry(new ZipEntry("data/x.bin"));
            out.write(new byte[MIB]);
            out.closeEntry();
        }
        Path target = dir.resolve("unpacked");
        ImportSources.unzip(zip, target, new ImportSources.UnpackLimit(MIB, "test"));
        assertThat(unpackedBytes(target)).isEqualTo(MIB);
    }
}
