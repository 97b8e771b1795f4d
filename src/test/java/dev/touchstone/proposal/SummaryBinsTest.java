package dev.touchstone.proposal;

import dev.touchstone.dataset.signal.SignalChannel;
import dev.touchstone.dataset.signal.SignalReader;
import dev.touchstone.dataset.signal.SignalWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proposers' bins built from the signal files' time-bucket summaries (docs/proposals.md, "Reading the signals")
 * against the same bins built from every sample, and the fallback for files without summaries.
 */
class SummaryBinsTest {

    private static final long MS = 1_000_000L;
    private static final long BIN = ProposerSettings.defaults().binNanos();

    /** The same files, but only their samples: what the proposers read from a file without summaries. */
    private record SamplesOnly(SignalSource source) implements SignalSource {
        @Override
        public Optional<List<String>> channels(String stream) {
            return source.channels(stream);
        }

        @Override
        public void scan(String stream, int[] channels, SampleSink sink) throws IOException {
            source.scan(stream, channels, sink);
        }
    }

    @Test
    void binsFromSummariesEqualBinsFromSamples(@TempDir Path folder) throws IOException {
        // 1 kHz with jitter, 40 s, 4 channels; a whole-stream dropout (NaN rows) from 10.0 to 10.3 s and a gap in
        // time from 20 to 21 s; channel 3 alone NaN from 30 to 30.5 s.
        Path file = folder.resolve("s.tssg");
        Random random = new Random(7);
        try (OutputStream out = Files.newOutputStream(file); SignalWriter writer = SignalWriter.create(out,
                List.of(new SignalChannel("a", ""), new SignalChannel("b", ""), new SignalChannel("c", ""),
                        new SignalChannel("d", "")))) {
            float[] row = new float[4];
            for (int i = 0; i < 40_000; i++) {
                long t = i * MS + random.nextInt(400_000);
                double s = t / 1e9;
                if (s >= 20 && s < 21) {
                    continue;
                }
                for (int c = 0; c < 4; c++) {
                    row[c] = (float) (Math.sin(s * (c + 1)) * 10 + random.nextGaussian());
                }
                if (s >= 10 && s < 10.3) {
                    Arrays.fill(row, Float.NaN);
                }
                if (s >= 30 && s < 30.5) {
                    row[3] = Float.NaN;
                }
                writer.append(t, row);
            }
            writer.finish();
        }
        try (FileChannel channel = FileChannel.open(file)) {
            SignalReader reader = SignalReader.open(channel);
            assertThat(reader.summaryNanos()).isEqualTo(10 * MS);
            StoredSignals stored = new StoredSignals(Map.of("s", reader));
            SignalSource samples = new SamplesOnly(stored);
            List<String> all = List.of();
            for (long bin : new long[]{BIN, 2 * BIN, 50 * MS}) {
                Bins fromSummaries = Bins.eachChannel(stored, "s", all, "test", bin);
                Bins fromSamples = Bins.eachChannel(samples, "s", all, "test", bin);
                assertThat(fromSummaries.lastNanos).isEqualTo(fromSamples.lastNanos);
                assertThat(fromSummaries.size()).isEqualTo(fromSamples.size());
                for (int c = 0; c < 4; c++) {
                    assertClose(fromSummaries.values[c], fromSamples.values[c], bin == BIN ? 0 : 1e-5);
                }
                // channel 3's own dropout makes the two means of channels differ where it is (see meanOfChannels);
                // elsewhere they are the same.
                Bins meanSummaries = Bins.meanOfChannels(stored, "s", List.of("a", "b", "c"), "test", bin);
                Bins meanSamples = Bins.meanOfChannels(samples, "s", List.of("a", "b", "c"), "test", bin);
                assertClose(meanSummaries.values[0], meanSamples.values[0], 1e-5);
            }
            // a width the summaries do not divide: no summaries offered, the samples are read
            assertThat(stored.scanBins("s", new int[]{0}, 15 * MS, (b, n, m, s) -> { })).isEmpty();
            assertThat(stored.scanBins("s", new int[]{0}, BIN, (b, n, m, s) -> { })).isPresent();
            float[] coarse = Bins.eachChannel(stored, "s", all, "test", 15 * MS).values[0];
            assertClose(coarse, Bins.eachChannel(samples, "s", all, "test", 15 * MS).values[0], 0);
            // the dropout's bins are unknown, the gap's too
            float[] a = Bins.eachChannel(stored, "s", all, "test", BIN).values[0];
            assertThat(a[1010]).isNaN();
            assertThat(a[2050]).isNaN();
            assertThat(a[1040]).isNotNaN();
        }
    }

    @Test
    void aVersionOneFileWithoutSummariesIsBinnedFromItsSamples(@TempDir Path folder) throws IOException {
        // The fixture written by the version-1 writer (SignalSummaryTest): 1 kHz from 0.25 ms, samples 600..649
        // missing, a = i / 2, b = i % 10 - 3 and NaN for i in 300..319. Bin k (10 ms) holds samples 10k..10k+9, so
        // a's mean is (10k + 4.5) / 2 and b's mean is 1.5 (the mean of -3..6), NaN for bins 30, 31 and 60..64.
        Path file = folder.resolve("v1.tssg");
        try (InputStream in = getClass().getResourceAsStream("/dev/touchstone/dataset/signal/version1.tssg")) {
            Files.write(file, in.readAllBytes());
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            SignalReader reader = SignalReader.open(channel);
            assertThat(reader.version()).isEqualTo(1);
            StoredSignals stored = new StoredSignals(Map.of("s", reader));
            assertThat(stored.scanBins("s", new int[]{0, 1}, BIN, (b, n, m, s) -> { })).isEmpty();
            Bins bins = Bins.eachChannel(stored, "s", List.of("a", "b"), "test", BIN);
            assertThat(bins.size()).isEqualTo(125);
            assertThat(bins.lastNanos).isEqualTo(1_249_250_000L);
            for (int k = 0; k < 125; k++) {
                boolean gap = k >= 60 && k < 65;
                assertClose(new float[]{bins.values[0][k]}, new float[]{gap ? Float.NaN : (10 * k + 4.5f) / 2}, 0);
                assertClose(new float[]{bins.values[1][k]}, new float[]{gap || k == 30 || k == 31 ? Float.NaN : 1.5f},
                        0);
            }
        }
    }

    @Test
    void theProposersProposeTheSameFromSummariesAsFromEverySample(@TempDir Path folder) throws IOException {
        // Two minutes of the cost benchmark's episode (a pick and place every 20 s, 64 channels at 1 kHz).
        Map<String, List<SignalChannel>> streams = ProposerCostBenchmark.write(folder, 120, 1000);
        Map<String, SignalReader> readers = new LinkedHashMap<>();
        List<FileChannel> open = new ArrayList<>();
        try {
            for (String stream : streams.keySet()) {
                FileChannel channel = FileChannel.open(folder.resolve(ProposerCostBenchmark.file(stream)));
                open.add(channel);
                readers.put(stream, SignalReader.open(channel));
                assertThat(readers.get(stream).summaryNanos()).isEqualTo(BIN);
            }
            SignalProposers proposers = new SignalProposers(ProposerCostBenchmark.settings());
            List<String> classes = ProposerSettings.PhasePlan.pickAndPlace().rules().stream()
                    .map(ProposerSettings.PhaseRule::phaseClass).toList();
            StoredSignals stored = new StoredSignals(readers);
            List<Proposal> fromSummaries = proposers.propose(stored, classes);
            List<Proposal> fromSamples = proposers.propose(new SamplesOnly(stored), classes);
            assertThat(fromSummaries).hasSize(fromSamples.size()).hasSizeGreaterThan(20);
            for (int i = 0; i < fromSamples.size(); i++) {
                Proposal a = fromSummaries.get(i);
                Proposal b = fromSamples.get(i);
                assertThat(a.classKey()).isEqualTo(b.classKey());
                // Within one bin: a pad's mean pressure is pooled from the channels' means (equal but for float
                // rounding), which could move a threshold crossing by a bin.
                assertThat(a.startNanos()).isCloseTo(b.startNanos(), org.assertj.core.data.Offset.offset(BIN));
                assertThat(a.endNanos()).isCloseTo(b.endNanos(), org.assertj.core.data.Offset.offset(BIN));
                assertThat(a.confidence()).isCloseTo(b.confidence(), org.assertj.core.data.Offset.offset(1e-6));
            }
        } finally {
            for (FileChannel channel : open) {
                channel.close();
            }
        }
    }

    @Test
    void smoothingAndMedianEqualTheirPlainDefinitions() {
        Random random = new Random(3);
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(300);
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = random.nextInt(10) == 0 ? Float.NaN : (float) (random.nextGaussian() * 100);
                if (random.nextInt(20) == 0 && i > 0) {
                    x[i] = x[i - 1]; // ties
                }
            }
            int window = 1 + 2 * random.nextInt(6);
            float[] smoothed = Bins.smooth(x, window);
            for (int i = 0; i < n; i++) {
                if (Float.isNaN(x[i])) {
                    assertThat(smoothed[i]).isNaN();
                    continue;
                }
                double sum = 0;
                int count = 0;
                for (int k = Math.max(0, i - window / 2); k <= Math.min(n - 1, i + window / 2); k++) {
                    if (!Float.isNaN(x[k])) {
                        sum += x[k];
                        count++;
                    }
                }
                assertThat(smoothed[i]).isCloseTo((float) (sum / count), org.assertj.core.data.Offset.offset(1e-3f));
            }
            int from = random.nextInt(n);
            int to = from + random.nextInt(n - from + 1);
            float[] valid = sortedValid(x, from, to);
            double expected = valid.length == 0 ? Double.NaN : valid.length % 2 == 1 ? valid[valid.length / 2]
                    : (valid[valid.length / 2 - 1] + valid[valid.length / 2]) / 2.0;
            if (Double.isNaN(expected)) {
                assertThat(Bins.median(x, from, to)).isNaN();
            } else {
                assertThat(Bins.median(x, from, to)).isEqualTo(expected);
            }
        }
    }

    private static float[] sortedValid(float[] x, int from, int to) {
        float[] valid = new float[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            if (!Float.isNaN(x[i])) {
                valid[n++] = x[i];
            }
        }
        float[] out = Arrays.copyOf(valid, n);
        Arrays.sort(out);
        return out;
    }

    private static void assertClose(float[] actual, float[] expected, double relative) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            if (Float.isNaN(expected[i])) {
                assertThat(actual[i]).as("bin %d", i).isNaN();
            } else {
                assertThat((double) actual[i]).as("bin %d", i).isCloseTo(expected[i],
                        org.assertj.core.data.Offset.offset(relative * Math.max(1, Math.abs(expected[i]))));
            }
        }
    }
}
