package dev.touchstone.ingest.pointcloud;

import dev.touchstone.dataset.pointcloud.PointCloud;
import dev.touchstone.dataset.pointcloud.PointCloudFormatException;
import dev.touchstone.dataset.pointcloud.PointCloudFrame;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads a point-cloud file of either supported format. The format is taken from the content, not the file name:
 * uploads get renamed, and a PLY always starts with the line {@code ply}.
 */
public final class PointClouds {

    /**
     * Longer header lines mean the bytes are not a header at all (a binary file, or one without line breaks); stop
     * there instead of decoding the whole file as one line.
     */
    static final int MAX_HEADER_LINE = 64 * 1024;

    /** Readers work on one Java array; the largest one the JVM reliably allocates. */
    private static final long MAX_FILE_SIZE = Integer.MAX_VALUE - 8;

    private PointClouds() {
    }

    public static PointCloud read(Path file) throws IOException {
        return read(readAllBytes(file), file.toString());
    }

    public static PointCloud read(byte[] file, String source) throws PointCloudFormatException {
        return isPly(file) ? PlyReader.read(file, source) : PcdReader.read(file, source);
    }

    static boolean isPly(byte[] file) {
        byte[] magic = "ply".getBytes(StandardCharsets.US_ASCII);
        return file.length > magic.length && Arrays.equals(file, 0, magic.length, magic, 0, magic.length)
                && (file[magic.length] == '\n' || file[magic.length] == '\r');
    }

    static byte[] readAllBytes(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_SIZE) {
            throw new PointCloudFormatException(file.toString(), "the file is " + size
                    + " bytes; point-cloud files of 2 GiB or more are not supported");
        }
        return Files.readAllBytes(file);
    }

    /** Like {@link Float#parseFloat} but also takes C's spellings ({@code nan}, {@code -nan}, {@code inf}). */
    static float parseFloat(String token) {
        Float special = special(token);
        return special != null ? special : Float.parseFloat(token);
    }

    static double parseDouble(String token) {
        Float special = special(token);
        return special != null ? special : Double.parseDouble(token);
    }

    private static Float special(String token) {
        String lower = token.toLowerCase(Locale.ROOT);
        String unsigned = lower.startsWith("-") || lower.startsWith("+") ? lower.substring(1) : lower;
        if (unsigned.equals("nan") || unsigned.startsWith("nan(")) {
            return Float.NaN;
        }
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            return lower.startsWith("-") ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
        }
        return null;
    }

    static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** A piece of the file fit for an error message: short, and binary garbage shown as {@code ?}. */
    static String abbreviate(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "...";
    }
}
