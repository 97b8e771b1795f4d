package dev.touchstone.ingest.pointcloud;

import java.io.ByteArrayOutputStream;

/**
 * Test-side LZF compressors, so that binary_compressed fixtures can be written without PCL. Both produce valid LZF:
 * {@link #literalsOnly} the simplest possible stream, {@link #withBackReferences} a greedy search over the last 8 KiB
 * that emits short, long and overlapping back-references, as a real compressor does.
 */
final class LzfEncoder {

    private static final int MAX_LITERAL = 32;
    private static final int MAX_DISTANCE = 8192;
    private static final int MIN_MATCH = 3;
    private static final int MAX_MATCH = 7 + 255 + 2;

    private LzfEncoder() {
    }

    static byte[] literalsOnly(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int start = 0; start < data.length; start += MAX_LITERAL) {
            int run = Math.min(MAX_LITERAL, data.length - start);
            out.write(run - 1);
            out.write(data, start, run);
        }
        return out.toByteArray();
    }

    static byte[] withBackReferences(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int literalStart = 0;
        int i = 0;
        while (i < data.length) {
            int bestLength = 0;
            int bestDistance = 0;
            for (int distance = 1; distance <= Math.min(MAX_DISTANCE, i); distance++) {
                int length = 0;
                while (length < MAX_MATCH && i + length < data.length
                        && data[i + length] == data[i - distance + length]) {
                    length++;
                }
                if (length > bestLength) {
                    bestLength = length;
                    bestDistance = distance;
                }
            }
            if (bestLength >= MIN_MATCH) {
                flushLiterals(out, data, literalStart, i);
                backReference(out, bestLength, bestDistance);
                i += bestLength;
                literalStart = i;
            } else {
                i++;
            }
        }
        flushLiterals(out, data, literalStart, data.length);
        return out.toByteArray();
    }

    static void backReference(ByteArrayOutputStream out, int length, int distance) {
        int lengthCode = length - 2;
        int offset = distance - 1;
        if (lengthCode < 7) {
            out.write(lengthCode << 5 | offset >> 8);
        } else {
            out.write(7 << 5 | offset >> 8);
            out.write(lengthCode - 7);
        }
        out.write(offset & 0xFF);
    }

    private static void flushLiterals(ByteArrayOutputStream out, byte[] data, int from, int to) {
        for (int start = from; start < to; start += MAX_LITERAL) {
            int run = Math.min(MAX_LITERAL, to - start);
            out.write(run - 1);
            out.write(data, start, run);
        }
    }
}
