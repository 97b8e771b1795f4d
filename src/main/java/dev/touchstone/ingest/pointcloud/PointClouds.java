package dev.touchstone.ingest.pointcloud;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the point-cloud readers share. */
final class PointClouds {

    /** Readers work on one Java array; the largest one the JVM reliably allocates. */
    private static final long MAX_FILE_SIZE = Integer.MAX_VALUE - 8;

    private PointClouds() {
    }

    static byte[] readAllBytes(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_SIZE) {
            throw new PointCloudFormatException(file.toString(), "the file is " + size
                    + " bytes; point-cloud files of 2 GiB or more are not supported");
        }
        return Files.readAllBytes(file);
    }
}
