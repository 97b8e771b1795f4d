package dev.touchstone.dataset.signal;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The time-bucket summaries of format version 2 (docs/formats/signal.md, "Summaries"). */
class SignalSummaryTest {

    private static final List<SignalChannel> TWO = List.of(new SignalChannel("a", "N"), new SignalChannel("b", ""));

    private static SignalReader reader(byte[] file) throws IOException {
        return SignalReader.open(new CountingChannel(file));
    }

    @Test
    void aHandComputedExampleOfTenMillisecondBuckets() throws IOException {
        // Samples (ms, a, b): bucket k covers [10k, 10k + 10) ms, so -15 ms is in bucket -2, -5 in -1, 0 / 3 / 9.999
        // in 0, 10 in 1, 25 and 29 in 2; buckets without a sample (none here between -2 and 2) get no record.
        long ms = 1_000_000L;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SignalWriter.Summary written;
        try (SignalWriter writer = SignalWriter.create(out, TWO,
                new SignalWriter.Options(4096, 16, null).withSummaryNanos(10 * ms))) {
            writer.append(-15 * ms, 1f, 7f);
            writer.append(-5 * ms, 2f, Float.NaN);
            writer.append(0, 3f, 1f);
            writer.append(3 * ms, 4f, Float.NaN);
            writer.append(9_999_999, 8f, 2f);
            writer.append(10 * ms, -1f, 0.5f);
            writer.append(25 * ms, 2f, 4f);
            writer.append(29 * ms, 4f, 4f);
            written = writer.finish();
        }
        // 8 samples in 5 buckets is fewer than 4 per bucket: the writer leaves such summaries out ...
        assertThat(written.summaryBytes()).isZero();
        assertThat(reader(out.toByteArray()).summaryNanos()).isZero();

        // ... so the example is written twice over (the rule counts samples), which keeps the buckets' contents.
        out.reset();
        try (SignalWriter writer = SignalWriter.create(out, TWO,
                new SignalWriter.Options(2, 16, null).withSummaryNanos(10 * ms))) {
            long[] times = {-15 * ms, -5 * ms, 0, 3 * ms, 9_999_999, 10 * ms, 25 * ms, 29 * ms};
            float[][] rows = {{1, 7}, {2, Float.NaN}, {3, 1}, {4, Float.NaN}, {8, 2}, {-1, 0.5f}, {2, 4}, {4, 4}};
            for (int i = 0; i < times.length; i++) {
                writer.append(times[i], rows[i]);
            }
            // 40 more samples in bucket 3 (30..39.75 ms, a = 1, b = 2) make 48 samples in 6 buckets.
            for (int i = 0; i < 40; i++) {
                writer.append(30 * ms + i * 250_000L, 1f, 2f);
            }
            written = writer.finish();
        }
        SignalReader reader = reader(out.toByteArray());
        assertThat(reader.version()).isEqualTo(2);
        assertThat(reader.summaryNanos()).isEqualTo(10 * ms);
        assertThat(reader.summaryRecords()).isEqualTo(6);
        assertThat(written.summaryBytes()).isEqualTo(6 * (8 + 16 * 2));
        SignalSummaries s = reader.summaries(0, 6, true, 0, 1);
        assertThat(s.widthNanos()).isEqualTo(10 * ms);
        assertThat(s.bucket()).containsExactly(-2, -1, 0, 1, 2, 3);
        // channel a: every value counts
        assertThat(s.count()[0]).containsExactly(1, 1, 3, 1, 2, 40);
        assertThat(s.mean()[0]).containsExactly(1f, 2f, 5f, -1f, 3f, 1f);
        assertThat(s.min()[0]).containsExactly(1f, 2f, 3f, -1f, 2f, 1f);
        assertThat(s.max()[0]).containsExactly(1f, 2f, 8f, -1f, 4f, 1f);
        // channel b: NaN neither counts nor moves min and max; a bucket of NaN only has count 0 and NaN
        assertThat(s.count()[1]).containsExactly(1, 0, 2, 1, 2, 40);
        assertThat(s.mean()[1]).containsExactly(7f, Float.NaN, 1.5f, 0.5f, 4f, 2f);
        assertThat(s.min()[1]).containsExactly(7f, Float.NaN, 1f, 0.5f, 4f, 2f);
        assertThat(s.max()[1]).containsExactly(7f, Float.NaN, 2f, 0.5f, 4f, 2f);
        // a part of the records (across the 2-record chunks), without min and max
        SignalSummaries part = reader.summaries(1, 4, false, 1);
        assertThat(part.bucket()).containsExactly(-1, 0, 1);
        assertThat(part.count()[0]).containsExactly(0, 2, 1);
        assertThat(part.mean()[0]).containsExactly(Float.NaN, 1.5f, 0.5f);
        assertThat(part.min()).isNull();
        assertThatThrownBy(() -> reader.summaries(2, 7, false, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void summariesEqualABruteForceComputationOverTheSamples() throws IOException {
        // Irregular times with gaps of up to 2 s, NaN runs in every channel; widths that cut buckets anywhere.
        TestSignal signal = TestSignal.generate(30_000, 4, 1000, true, true, 5);
        for (long width : new long[]{10_000_000L, 7_000_000L, 100_000_000L}) {
            for (int chunk : new int[]{4096, 3}) {
                byte[] file = signal.write(new SignalWriter.Options(chunk, 16, null).withSummaryNanos(width));
                SignalReader reader = reader(file);
                List<long[]> expectedBuckets = new ArrayList<>();
                // brute force: group the samples by floor(t / width)
                int i = 0;
                while (i < signal.size()) {
                    long bucket = Math.floorDiv(signal.t[i], width);
                    int j = i;
                    while (j < signal.size() && Math.floorDiv(signal.t[j], width) == bucket) {
                        j++;
                    }
                    expectedBuckets.add(new long[]{bucket, i, j});
                    i = j;
                }
                assertThat(reader.summaryRecords()).as("width %d", width).isEqualTo(expectedBuckets.size());
                // read in uneven pieces
                Random random = new Random(width + chunk);
                long from = 0;
                while (from < reader.summaryRecords()) {
                    long to = Math.min(reader.summaryRecords(), from + 1 + random.nextInt(700));
                    SignalSummaries s = reader.summaries(from, to, true, 3, 0, 2);
                    for (int r = 0; r < s.size(); r++) {
                        long[] b = expectedBuckets.get((int) (from + r));
                        assertThat(s.bucket()[r]).isEqualTo(b[0]);
                        int[] channels = {3, 0, 2};
                        for (int c = 0; c < channels.length; c++) {
                            float[] v = signal.v[channels[c]];
                            double sum = 0;
                            int count = 0;
                            float min = Float.NaN;
                            float max = Float.NaN;
                            for (int k = (int) b[1]; k < b[2]; k++) {
                                if (!Float.isNaN(v[k])) {
                                    sum += v[k];
                                    count++;
                                    min = Float.isNaN(min) ? v[k] : Math.min(min, v[k]);
                                    max = Float.isNaN(max) ? v[k] : Math.max(max, v[k]);
                                }
                            }
                            assertThat(s.count()[c][r]).isEqualTo(count);
                            same(s.mean()[c][r], count == 0 ? Float.NaN : (float) (sum / count));
                            same(s.min()[c][r], min);
                            same(s.max()[c][r], max);
                        }
                    }
                    from = to;
                }
            }
        }
    }

    @Test
    void streamsWithFewSamplesPerBucketAndWritersAskedForNoneHaveNoSummaries() throws IOException {
        TestSignal slow = TestSignal.generate(2_000, 2, 100, false, false, 3); // 1 sample per 10 ms bucket
        SignalReader reader = reader(slow.write(SignalWriter.Options.DEFAULT));
        assertThat(reader.version()).isEqualTo(2);
        assertThat(reader.summaryNanos()).isZero();
        assertThat(reader.summaryRecords()).isZero();
        assertThatThrownBy(() -> reader.summaries(0, 0, false)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no summaries");
        TestSignal fast = TestSignal.generate(2_000, 2, 1000, false, false, 3);
        assertThat(reader(fast.write(SignalWriter.Options.DEFAULT)).summaryRecords()).isEqualTo(200);
        assertThat(reader(fast.write(SignalWriter.Options.DEFAULT.withSummaryNanos(0))).summaryNanos()).isZero();
        assertThatThrownBy(() -> SignalWriter.Options.DEFAULT.withSummaryNanos(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aVersionOneFileFromBeforeTheSummariesStillReads() throws IOException {
        // Written by the version-1 writer (main before this change): 1,200 samples at 1 kHz from 0.25 ms, samples
        // 600..649 missing (a gap), channel a = i / 2, channel b = i % 10 - 3 and NaN for i in 300..319.
        byte[] file;
        try (InputStream in = getClass().getResourceAsStream("version1.tssg")) {
            file = in.readAllBytes();
        }
        assertThat(ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getShort(4)).isEqualTo((short) 1);
        SignalReader reader = reader(file);
        assertThat(reader.version()).isEqualTo(1);
        assertThat(reader.summaryNanos()).isZero();
        assertThat(reader.sampleCount()).isEqualTo(1_200);
        assertThat(reader.channels()).isEqualTo(TWO);
        SignalSamples a = reader.samples(Long.MIN_VALUE, Long.MAX_VALUE, 0);
        SignalSamples b = reader.samples(Long.MIN_VALUE, Long.MAX_VALUE, 1);
        int k = 0;
        for (int i = 0; i < 1250; i++) {
            if (i >= 600 && i < 650) {
                continue;
            }
            assertThat(a.timestamps()[k]).isEqualTo(250_000L + i * 1_000_000L);
            assertThat(a.values()[k]).isEqualTo(i * 0.5f);
            same(b.values()[k], i >= 300 && i < 320 ? Float.NaN : (i % 10) - 3f);
            k++;
        }
        SignalWindow window = reader.window(Long.MIN_VALUE, Long.MAX_VALUE, 10, 0);
        assertThat(window.min()[0][0]).isEqualTo(0f);
        assertThat(window.max()[0][window.size() - 1]).isEqualTo(1249 * 0.5f);
        assertThatThrownBy(() -> reader.summaries(0, 1, false, 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("version 1");
    }

    @Test
    void aDamagedSummaryTableFailsClearly() throws IOException {
        byte[] good = TestSignal.generate(5_000, 3, 1000, false, false, 11).write(new SignalWriter.Options(256, 8,
                null));
        SignalReader reader = reader(good);
        assertThat(reader.summaryRecords()).isEqualTo(500);
        int table = 56 + 16 * (reader.levels() + 1);
        // more records than the file holds
        assertThatThrownBy(() -> reader(withHeaderLong(good, table + 8, 501))).isInstanceOf(
                SignalFormatException.class).hasMessageContaining("truncated");
        // records without a width
        assertThatThrownBy(() -> reader(withHeaderLong(good, table, 0))).isInstanceOf(SignalFormatException.class)
                .hasMessageContaining("summary table");
    }

    /** Equal, NaN included (AssertJ compares primitive floats with ==, under which NaN is never equal). */
    private static void same(float actual, float expected) {
        if (Float.isNaN(expected)) {
            assertThat(actual).isNaN();
        } else {
            assertThat(actual).isEqualTo(expected);
        }
    }

    /** A copy with one long of the header replaced and the header CRC recomputed. */
    private static byte[] withHeaderLong(byte[] file, int offset, long value) {
        byte[] copy = file.clone();
        ByteBuffer buffer = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(offset, value);
        int headerLength = buffer.getInt(8);
        buffer.putInt(12, 0);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(copy, 0, headerLength);
        buffer.putInt(12, (int) crc.getValue());
        return copy;
    }
}
