package dev.touchstone.ingest.pointcloud;

/**
 * Decompressor for LZF, the compression of PCD's {@code binary_compressed} data. An LZF stream is a sequence of
 * instructions, each starting with a control byte {@code c}:
 * <ul>
 *   <li>{@code c < 32}: a literal run; the next {@code c + 1} input bytes are copied to the output.</li>
 *   <li>otherwise a back-reference: length {@code L = c >> 5}, and when {@code L == 7} the next byte is added to it;
 *       then one byte {@code b} gives the distance {@code ((c & 0x1f) << 8 | b) + 1}. {@code L + 2} bytes are copied
 *       from that far back in the output. Source and target may overlap (distance 1 repeats one byte), so the copy
 *       must go byte by byte, front to back.</li>
 * </ul>
 * The stream carries no length of its own; the caller knows how many bytes it must produce. Every read and write is
 * checked against the buffers, so a corrupt stream ends in a {@link MalformedLzfException}, never in an index error
 * or in reading past the compressed block.
 */
final class Lzf {

    private static final int MAX_LITERAL_CONTROL = 31;
    private static final int LONG_MATCH = 7;

    /** The most output one input byte can produce: a 3-byte back-reference copies at most 7 + 255 + 2 bytes. */
    static final int MAX_EXPANSION = 88;

    private Lzf() {
    }

    static byte[] decompress(byte[] input, int offset, int length, int outputLength) throws MalformedLzfException {
        if (offset < 0 || length < 0 || offset > input.length - length || outputLength < 0) {
            throw new IllegalArgumentException("block " + offset + "+" + length + " outside input of " + input.length);
        }
        byte[] output = new byte[outputLength];
        int in = offset;
        int end = offset + length;
        int out = 0;
        while (in < end) {
            int instructionAt = in - offset;
            int control = input[in++] & 0xFF;
            if (control <= MAX_LITERAL_CONTROL) {
                int run = control + 1;
                if (run > end - in) {
                    throw new MalformedLzfException("literal run of " + run + " bytes at compressed offset "
                            + instructionAt + " goes past the end of the compressed data (" + (end - in) + " left)");
                }
                if (run > outputLength - out) {
                    throw new MalformedLzfException("literal run at compressed offset " + instructionAt
                            + " would write past the expected " + outputLength + " bytes");
                }
                System.arraycopy(input, in, output, out, run);
                in += run;
                out += run;
            } else {
                int matchLength = control >>> 5;
                if (matchLength == LONG_MATCH) {
                    if (in >= end) {
                        throw new MalformedLzfException("back-reference at compressed offset " + instructionAt
                                + " is cut off before its length byte");
                    }
                    matchLength += input[in++] & 0xFF;
                }
                matchLength += 2;
                if (in >= end) {
                    throw new MalformedLzfException("back-reference at compressed offset " + instructionAt
                            + " is cut off before its distance byte");
                }
                int distance = ((control & 0x1F) << 8 | input[in++] & 0xFF) + 1;
                if (distance > out) {
                    throw new MalformedLzfException("back-reference at compressed offset " + instructionAt
                            + " points " + distance + " bytes back but only " + out + " bytes were decompressed");
                }
                if (matchLength > outputLength - out) {
                    throw new MalformedLzfException("back-reference at compressed offset " + instructionAt
                            + " would write past the expected " + outputLength + " bytes");
                }
                for (int from = out - distance, stop = out + matchLength; out < stop; ) {
                    output[out++] = output[from++];
                }
            }
        }
        if (out != outputLength) {
            throw new MalformedLzfException("decompressed to " + out + " bytes, expected " + outputLength);
        }
        return output;
    }

    /** Why an LZF stream could not be decompressed; the caller adds which file it was in. */
    static final class MalformedLzfException extends Exception {
        MalformedLzfException(String message) {
            super(message);
        }
    }
}
