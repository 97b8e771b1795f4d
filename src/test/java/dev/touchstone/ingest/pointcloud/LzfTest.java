package dev.touchstone.ingest.pointcloud;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LzfTest {

    @Test
    void decodesAHandMadeStreamWithShortLongAndOverlappingBackReferences() throws Exception {
        byte[] stream = {
                0x02, 'a', 'b', 'c',        // literal "abc"
                0x20, 0x02,                 // length 1+2=3, distance 2+1=3: "abc"
                0x40, 0x00,                 // length 2+2=4, distance 1: "cccc", copying what it writes
                (byte) 0xE0, 0x05, 0x05,    // length 7+5+2=14, distance 6: "bccccc" repeated into itself
        };

        byte[] output = Lzf.decompress(stream, 0, stream.length, 24);

        assertThat(new String(output, StandardCharsets.US_ASCII)).isEqualTo("abcabcccccbcccccbcccccbc");
    }

    @Test
    void decodesADistanceThatNeedsTheHighBitsOfTheControlByte() throws Exception {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        byte[] expected = new byte[300 + 10];
        for (int i = 0; i < 300; i++) {
            expected[i] = (byte) (i * 7);
        }
        stream.writeBytes(LzfEncoder.literalsOnly(java.util.Arrays.copyOf(expected, 300)));
        LzfEncoder.backReference(stream, 10, 300); // offset 299 = 0x12B: high bits 0x01 in the control byte
        System.arraycopy(expected, 0, expected, 300, 10);
        byte[] bytes = stream.toByteArray();

        assertThat(bytes[bytes.length - 2]).isEqualTo((byte) (8 << 5 | 0x01));
        assertThat(Lzf.decompress(bytes, 0, bytes.length, expected.length)).isEqualTo(expected);
    }

    @Test
    void roundTripsBothTestEncoders() throws Exception {
        byte[] data = new byte[5000];
        Random random = new Random(42);
        for (int i = 0; i < data.length; i++) {
            // Runs, repeats and noise, so that the greedy encoder finds matches of every length.
            data[i] = i % 700 < 300 ? (byte) (i / 50) : i % 700 < 500 ? data[i - 123] : (byte) random.nextInt();
        }

        byte[] literal = LzfEncoder.literalsOnly(data);
        byte[] compressed = LzfEncoder.withBackReferences(data);

        assertThat(Lzf.decompress(literal, 0, literal.length, data.length)).isEqualTo(data);
        assertThat(Lzf.decompress(compressed, 0, compressed.length, data.length)).isEqualTo(data);
        assertThat(compressed.length).isLessThan(data.length / 2);
    }

    @Test
    void decodesOnlyTheGivenBlockOfALargerArray() throws Exception {
        byte[] file = {9, 9, 0x01, 'h', 'i', 0x20, 0x01, 9};

        assertThat(Lzf.decompress(file, 2, 5, 5)).containsExactly('h', 'i', 'h', 'i', 'h');
    }

    @Test
    void rejectsALiteralRunPastTheEndOfTheInput() {
        byte[] stream = {0x05, 'a', 'b'};

        assertThatThrownBy(() -> Lzf.decompress(stream, 0, stream.length, 6))
                .isInstanceOf(Lzf.MalformedLzfException.class)
                .hasMessage("literal run of 6 bytes at compressed offset 0 goes past the end of the compressed data"
                        + " (2 left)");
    }

    @Test
    void neverReadsPastTheBlockEvenWhenTheArrayGoesOn() {
        byte[] file = {0x03, 'a', 'b', 'c', 'd'};

        assertThatThrownBy(() -> Lzf.decompress(file, 0, 3, 4))
                .isInstanceOf(Lzf.MalformedLzfException.class)
                .hasMessageContaining("goes past the end of the compressed data");
    }

    @Test
    void rejectsABackReferenceBeforeTheStartOfTheOutput() {
        byte[] stream = {0x01, 'a', 'b', 0x20, 0x04};

        assertThatThrownBy(() -> Lzf.decompress(stream, 0, stream.length, 5))
                .isInstanceOf(Lzf.MalformedLzfException.class)
                .hasMessage("back-reference at compressed offset 3 points 5 bytes back but only 2 bytes were"
                        + " decompressed");
    }

    @Test
    void rejectsOutputBeyondTheExpectedSize() {
        byte[] literal = {0x03, 'a', 'b', 'c', 'd'};
        byte[] reference = {0x00, 'a', (byte) 0xE0, 0x10, 0x00};

        assertThatThrownBy(() -> Lzf.decompress(literal, 0, literal.length, 3))
                .hasMessageContaining("would write past the expected 3 bytes");
        assertThatThrownBy(() -> Lzf.decompress(reference, 0, reference.length, 10))
                .hasMessageContaining("would write past the expected 10 bytes");
    }

    @Test
    void rejectsAStreamThatEndsEarly() {
        byte[] stream = {0x01, 'a', 'b'};

        assertThatThrownBy(() -> Lzf.decompress(stream, 0, stream.length, 4))
                .isInstanceOf(Lzf.MalformedLzfException.class)
                .hasMessage("decompressed to 2 bytes, expected 4");
    }

    @Test
    void rejectsABackReferenceCutOffMidInstruction() {
        byte[] noDistance = {0x00, 'a', 0x20};
        byte[] noLength = {0x00, 'a', (byte) 0xE0};

        assertThatThrownBy(() -> Lzf.decompress(noDistance, 0, noDistance.length, 4))
                .hasMessage("back-reference at compressed offset 2 is cut off before its distance byte");
        assertThatThrownBy(() -> Lzf.decompress(noLength, 0, noLength.length, 20))
                .hasMessage("back-reference at compressed offset 2 is cut off before its length byte");
    }
}
