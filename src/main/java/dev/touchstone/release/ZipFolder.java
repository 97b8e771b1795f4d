package dev.touchstone.release;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Packs an export folder into one zip for download. Video and parquet are already compressed, so they are stored
 * as they are (no CPU spent deflating them, and a reader can seek into them); text files are deflated. Files are
 * streamed: memory holds one copy buffer whatever the size (zip64 takes over past 4 GiB or 65,535 entries).
 */
final class ZipFolder {

    private ZipFolder() {
    }

    static void write(Path folder, String prefix, Path zip) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream zipOut = new ZipOutputStream(out)) {
            zipOut.setLevel(Deflater.BEST_SPEED);
            byte[] buffer = new byte[1 << 16];
            for (Path file : files) {
                String name = prefix + folder.relativize(file).toString().replace('\\', '/');
                ZipEntry entry = new ZipEntry(name);
                if (stored(name)) {
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(Files.size(file));
                    entry.setCompressedSize(Files.size(file));
                    entry.setCrc(crc(file, buffer));
                }
                zipOut.putNextEntry(entry);
                try (InputStream in = Files.newInputStream(file)) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        zipOut.write(buffer, 0, n);
                    }
                }
                zipOut.closeEntry();
            }
        }
    }

    private static boolean stored(String name) {
        return name.endsWith(".mp4") || name.endsWith(".parquet");
    }

    private static long crc(Path file, byte[] buffer) throws IOException {
        CRC32 crc = new CRC32();
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                crc.update(buffer, 0, n);
            }
        }
        return crc.getValue();
    }
}
