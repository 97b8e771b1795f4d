package dev.touchstone.dataset.signal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignalFileTest {

    private static final List<SignalChannel> THREE = List.of(new SignalChannel("wrist/force_x", "N"),
            new SignalChannel("joint_3/position", "rad"), new SignalChannel("imu/accel_z", "m/s²"));

    private static SignalReader reader(byte[] file) throws IOException {
        return SignalReader.open(new CountingChannel(file));
    }

    @Test
    void roundTripsChannelsSamplesAndValueAt() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SignalWriter.Summary summary;
        try (SignalWriter writer = SignalWriter.create(out, THREE, new SignalWriter.Options(4, 2, null))) {
            for (int i = 0; i < 10; i++) {
                writer.append(1_000L * i + 5, i * 0.5, -i, i == 4 ? Double.NaN : 1.0 / 3);
            }
            summary = writer.finish();
        }
        byte[] file = out.toByteArray();
        assertThat(summary.fileBytes()).isEqualTo(file.length);
        assertThat(summary.sampleCount()).isEqualTo(10);
        assertThat(summary.levels()).isEqualTo(4); // 10 -> 5 -> 3 -> 2 -> 1 buckets
        assertThat(file.length % 8).isZero();

        SignalReader reader = reader(file);
        assertThat(reader.channels()).isEqualTo(THREE);
        assertThat(reader.channelIndex("joint_3/position")).isEqualTo(1);
        assertThat(reader.channelIndex("nope")).isEqualTo(-1);
        assertThat(reader.sampleCount()).isEqualTo(10);
        assertThat(reader.firstTimestamp()).isEqualTo(5);
        assertThat(reader.lastTimestamp()).isEqualTo(9_005);
        assertThat(reader.levels()).isEqualTo(4);
        assertThat(reader.fanOut()).isEqualTo(2);

        SignalSamples all = reader.samples(Long.MIN_VALUE, Long.MAX_VALUE, 0);
        assertThat(all.timestamps()).containsExactly(5, 1005, 2005, 3005, 4005, 5005, 6005, 7005, 8005, 9005);
        assertThat(all.values()).containsExactly(0f, 0.5f, 1f, 1.5f, 2f, 2.5f, 3f, 3.5f, 4f, 4.5f);
        SignalSamples some = reader.samples(2005, 4005, 2);
        assertThat(some.timestamps()).containsExactly(2005, 3005, 4005);
        assertThat(some.values()[0]).isEqualTo((float) (1.0 / 3));
        assertThat(some.values()[2]).isNaN();

        assertThat(reader.valueAt(4, 1)).isEmpty();
        assertThat(reader.valueAt(5, 1)).contains(new SignalSample(5, 0f));
        assertThat(reader.valueAt(3_004, 1)).contains(new SignalSample(2_005, -2f));
        assertThat(reader.valueAt(Long.MAX_VALUE, 1)).contains(new SignalSample(9_005, -9f));
        assertThat(reader.valueAt(4_500, 2).orElseThrow().value()).isNaN();

        // two columns over ten samples: five-sample buckets with exact extremes, NaN ignored
        SignalWindow window = reader.window(0, 10_000, 2, 0, 2);
        assertThat(window.size()).isBetween(2, 4);
        assertThat(SignalWindowTest.nanMin(window.min()[0])).isEqualTo(0f);
        assertThat(SignalWindowTest.nanMax(window.max()[0])).isEqualTo(4.5f);
        assertThat(SignalWindowTest.nanMax(window.max()[1])).isEqualTo((float) (1.0 / 3));
    }

    @Test
    void knownExtremesOfSineChirpAndSteps() throws IOException {
        TestSignal signal = TestSignal.generate(60_000, 3, 1000, false, false, 7);
        SignalReader reader = reader(signal.write(SignalWriter.Options.DEFAULT));
        SignalWindow window = reader.window(Long.MIN_VALUE, Long.MAX_VALUE, 100);
        assertThat(window.level()).isEqualTo(2); // 60,000 -> 3,750 -> 235 -> 15 buckets
        assertThat(window.size()).isBetween(100, 200);
        assertThat(SignalWindowTest.nanMax(window.max()[0])).isCloseTo(2f, org.assertj.core.data.Offset.offset(1e-4f));
        assertThat(SignalWindowTest.nanMin(window.min()[0])).isCloseTo(-2f, org.assertj.core.data.Offset.offset(1e-4f));
        assertThat(SignalWindowTest.nanMax(window.max()[1])).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-3f));
        assertThat(SignalWindowTest.nanMin(window.min()[2])).isEqualTo(-3f);
        assertThat(SignalWindowTest.nanMax(window.max()[2])).isEqualTo(5f);
        // a step lasts a third of a second: a window inside one step is flat
        SignalWindow flat = reader.window(1_400_000_000L, 1_600_000_000L, 10, 2);
        assertThat(flat.min()[0]).containsOnly(5f);
        assertThat(flat.max()[0]).containsOnly(5f);
    }

    @Test
    void dropoutsAreGapsInTheEnvelope() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SignalWriter writer = SignalWriter.create(out, List.of(new SignalChannel("f", "N")))) {
            for (int i = 0; i < 10_000; i++) {
                writer.append(i * 1_000_000L, i >= 4_000 && i < 6_000 ? Float.NaN : 1f + (i % 10));
            }
            writer.finish();
        }
        SignalReader reader = reader(out.toByteArray());
        SignalWindow window = reader.window(0, Long.MAX_VALUE, 100);
        for (int i = 0; i < window.size(); i++) {
            boolean insideDropout = window.tStart()[i] >= 4_000_000_000L && window.tEnd()[i] < 6_000_000_000L;
            if (insideDropout) {
                assertThat(window.min()[0][i]).isNaN();
                assertThat(window.max()[0][i]).isNaN();
            } else {
                assertThat(window.min()[0][i]).isEqualTo(1f);
                assertThat(window.max()[0][i]).isEqualTo(10f);
            }
        }
        assertThat(Arrays.stream(window.tStart()).filter(t -> t >= 4_000_000_000L && t < 5_900_000_000L).count())
                .isPositive();
        SignalWindow gap = reader.window(4_500_000_000L, 5_500_000_000L, 10);
        assertThat(gap.size()).isBetween(10, 20);
        for (int i = 0; i < gap.size(); i++) {
            assertThat(gap.min()[0][i]).isNaN();
            assertThat(gap.max()[0][i]).isNaN();
        }
    }

    @Test
    void windowBoundaries() throws IOException {
        TestSignal signal = TestSignal.generate(1_000, 2, 1000, false, false, 3); // t = 0, 1 ms, ..., 999 ms
        SignalReader reader = reader(signal.write(SignalWriter.Options.DEFAULT));
        assertThat(reader.window(-10, -1, 100).size()).isZero();
        assertThat(reader.window(999_000_001L, Long.MAX_VALUE, 100).size()).isZero();
        assertThat(reader.window(1_500_000, 1_999_999, 100).size()).as("between two samples").isZero();
        SignalWindow zeroWidth = reader.window(2_000_000, 2_000_000, 100, 1);
        assertThat(zeroWidth.raw()).isTrue();
        assertThat(zeroWidth.tStart()).containsExactly(2_000_000L);
        assertThat(zeroWidth.min()[0]).containsExactly(signal.v[1][2]);
        assertThat(reader.window(999_000_000L, Long.MAX_VALUE, 100).tStart()).containsExactly(999_000_000L);
        assertThat(reader.window(Long.MIN_VALUE, 0, 100).tStart()).containsExactly(0L);
        assertThat(reader.samples(5, 999_999, 0).size()).as("between two samples").isZero();
        SignalWindow empty = reader.window(-10, -1, 100, 1);
        assertThat(empty.channels()).containsExactly(1);
        assertThat(empty.min()[0]).isEmpty();

        assertThatThrownBy(() -> reader.window(10, 9, 100)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("before its start");
        assertThatThrownBy(() -> reader.samples(10, 9, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> reader.window(0, 9, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pixel columns");
        assertThatThrownBy(() -> reader.window(0, 9, SignalReader.MAX_COLUMNS + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> reader.window(0, 9, 10, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No channel 2");
        assertThatThrownBy(() -> reader.valueAt(0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emptySignal() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SignalWriter writer = SignalWriter.create(out, THREE)) {
            assertThat(writer.finish().levels()).isZero();
        }
        SignalReader reader = reader(out.toByteArray());
        assertThat(reader.sampleCount()).isZero();
        assertThat(reader.levels()).isZero();
        assertThat(reader.window(Long.MIN_VALUE, Long.MAX_VALUE, 100).size()).isZero();
        assertThat(reader.samples(Long.MIN_VALUE, Long.MAX_VALUE, 2).size()).isZero();
        assertThat(reader.valueAt(Long.MAX_VALUE, 0)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"1, 16, 1", "16, 16, 1", "17, 16, 2", "256, 16, 2", "257, 16, 3", "8, 2, 3", "9, 2, 4"})
    void pyramidEndsInOneBucket(int samples, int fanOut, int levels) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SignalWriter writer = SignalWriter.create(out, THREE, new SignalWriter.Options(5, fanOut, null))) {
            for (int i = 0; i < samples; i++) {
                writer.append(i, i, -i, 0);
            }
            assertThat(writer.finish().levels()).isEqualTo(levels);
        }
        SignalReader reader = reader(out.toByteArray());
        assertThat(reader.levels()).isEqualTo(levels);
        SignalWindow one = reader.window(Long.MIN_VALUE, Long.MAX_VALUE, 1);
        assertThat(one.size()).isBetween(1, 2);
        assertThat(SignalWindowTest.nanMax(one.max()[0])).isEqualTo(samples - 1f);
        assertThat(SignalWindowTest.nanMin(one.min()[1])).isEqualTo(1f - samples);
    }

    @Test
    void rejectsOutOfOrderDuplicateAndMisshapenSamples() throws IOException {
        try (SignalWriter writer = SignalWriter.create(new ByteArrayOutputStream(), THREE)) {
            writer.append(10, 1, 2, 3);
            assertThatThrownBy(() -> writer.append(5, 1, 2, 3)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("t=5 ns is not after the previous sample at t=10 ns")
                    .hasMessageContaining("strictly increasing");
            assertThatThrownBy(() -> writer.append(10, 1, 2, 3)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> writer.append(11, 1, 2)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Expected 3 values");
            writer.append(11, 1f, 2f, 3f); // the rejected samples changed nothing
            assertThat(writer.finish().sampleCount()).isEqualTo(2);
            assertThatThrownBy(() -> writer.append(12, 1, 2, 3)).isInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(() -> SignalWriter.create(new ByteArrayOutputStream(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SignalWriter.Options(4096, 1, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SignalChannel(" ", "N")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void temporaryFilesAreDeletedAndNothingIsWrittenWithoutFinish(@TempDir Path temp) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SignalWriter writer = SignalWriter.create(out, THREE, new SignalWriter.Options(16, 4, temp))) {
            for (int i = 0; i < 1_000; i++) {
                writer.append(i, i, i, i);
            }
        }
        assertThat(out.size()).isZero();
        try (var files = Files.list(temp)) {
            assertThat(files.count()).isZero();
        }
    }

    @Test
    void corruptAndTruncatedFilesFailClearly() throws IOException {
        byte[] good = TestSignal.generate(5_000, 3, 1000, true, true, 11).write(new SignalWriter.Options(256, 8, null));
        reader(good); // sanity

        assertFormatError(new byte[0], "shorter than");
        assertFormatError(Arrays.copyOf(good, 40), "shorter than");
        byte[] magic = good.clone();
        magic[0] = 'X';
        assertFormatError(magic, "magic");
        byte[] version = good.clone();
        version[4] = 3;
        assertFormatError(version, "version 3");
        byte[] headerBit = good.clone();
        headerBit[20] ^= 1; // chunk size
        assertFormatError(headerBit, "CRC32");
        byte[] name = good.clone();
        int headerLength = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getInt(8);
        name[headerLength - 12] ^= 0x20;
        assertFormatError(name, "CRC32");
        assertFormatError(Arrays.copyOf(good, good.length - 1), "truncated");
        assertFormatError(Arrays.copyOf(good, good.length / 2), "truncated");
        assertFormatError(Arrays.copyOf(good, headerLength - 8), "truncated");
        assertFormatError(Arrays.copyOf(good, good.length + 8), "unexpected bytes");
        assertFormatError(withHeaderCrc(good, 28, 99), "inconsistent"); // level count
        assertFormatError(withHeaderCrc(good, 32, 4_999), "level table"); // sample count
        assertFormatError(withHeaderCrc(good, 64, Long.MAX_VALUE / 4), "level table"); // level 0 records
        byte[] length = good.clone();
        ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 13);
        assertFormatError(length, "header length");
    }

    /** A copy with one long of the header replaced and the header CRC recomputed, as a buggy writer might do. */
    private static byte[] withHeaderCrc(byte[] file, int offset, long value) {
        byte[] copy = file.clone();
        ByteBuffer buffer = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
        if (offset == 28) {
            buffer.putInt(offset, (int) value);
        } else {
            buffer.putLong(offset, value);
        }
        int headerLength = buffer.getInt(8);
        buffer.putInt(12, 0);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(copy, 0, headerLength);
        buffer.putInt(12, (int) crc.getValue());
        return copy;
    }

    private static void assertFormatError(byte[] file, String message) {
        assertThatThrownBy(() -> reader(file)).isInstanceOf(SignalFormatException.class)
                .hasMessageContaining(message);
    }
}
