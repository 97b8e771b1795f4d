package dev.touchstone.proposal;

import dev.touchstone.dataset.signal.SignalChannel;
import dev.touchstone.dataset.signal.SignalReader;
import dev.touchstone.dataset.signal.SignalSamples;
import dev.touchstone.dataset.signal.SignalSummaries;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Stored signal files as a {@link SignalSource}: reads each stream in windows of raw samples per channel
 * ({@link SignalReader#samples}), so memory holds one window, whatever the episode's length. A window spans at least
 * {@link #WINDOW_NANOS} and, for a dense stream, as much time as holds about {@link #WINDOW_VALUES} values of the
 * requested channels: each read also searches the file for the window's ends, and 2 s windows of a 1 kHz stream
 * spent more time in those searches than in the samples (docs/benchmarks.md, proposer cost).
 * <p>
 * Files that hold time-bucket summaries whose width divides the proposers' bin (version 2, written at import with
 * 10 ms buckets) also answer {@link #scanBins} from them: one record per bucket and channel instead of every
 * sample. Older files and streams stored without summaries (fewer than 4 samples per bucket) answer only
 * {@link #scan}, and the proposers bin the samples themselves.
 */
public final class StoredSignals implements SignalSource {

    /** The least episode time one read covers. */
    public static final long WINDOW_NANOS = 2_000_000_000L;
    /** About how many values (samples × requested channels) one read holds at most, beyond the least time. */
    public static final long WINDOW_VALUES = 1L << 18;

    private final Map<String, SignalReader> readers;

    /** @param readers stream name to an open reader of its signal file (the caller closes the files) */
    public StoredSignals(Map<String, SignalReader> readers) {
        this.readers = new LinkedHashMap<>(readers);
    }

    @Override
    public Optional<List<String>> channels(String stream) {
        SignalReader reader = readers.get(stream);
        return reader == null ? Optional.empty()
                : Optional.of(reader.channels().stream().map(SignalChannel::name).toList());
    }

    @Override
    public OptionalLong scanBins(String stream, int[] channels, long binNanos, BinSink sink) throws IOException {
        SignalReader reader = reader(stream);
        long width = reader.summaryNanos();
        if (width <= 0 || binNanos % width != 0 || channels.length == 0) {
            return OptionalLong.empty();
        }
        long per = binNanos / width;
        long records = reader.summaryRecords();
        int step = (int) Math.max(1, WINDOW_VALUES / 2 / channels.length);
        // Bins of `per` buckets each: a bin may span two reads, so the one being filled carries over.
        long[] bins = new long[step];
        int[][] counts = new int[channels.length][step];
        float[][] means = new float[channels.length][step];
        double[] sums = new double[channels.length];
        int size = 0;
        for (long from = 0; from < records; from += step) {
            SignalSummaries s = reader.summaries(from, Math.min(records, from + step), false, channels);
            if (per == 1) {
                // Each bucket is a bin: the stored means as they are.
                sink.bins(s.bucket(), s.count(), s.mean(), s.size());
                continue;
            }
            for (int i = 0; i < s.size(); i++) {
                long bin = Math.floorDiv(s.bucket()[i], per);
                if (size == 0 || bins[size - 1] != bin) {
                    if (size > 0) {
                        close(size - 1, counts, sums, means);
                    }
                    if (size == step) {
                        sink.bins(bins, counts, means, size);
                        size = 0;
                    }
                    bins[size] = bin;
                    for (int c = 0; c < channels.length; c++) {
                        counts[c][size] = 0;
                        sums[c] = 0;
                    }
                    size++;
                }
                for (int c = 0; c < channels.length; c++) {
                    int n = s.count()[c][i];
                    if (n > 0) {
                        counts[c][size - 1] += n;
                        sums[c] += (double) s.mean()[c][i] * n;
                    }
                }
            }
        }
        if (size > 0) {
            close(size - 1, counts, sums, means);
            sink.bins(bins, counts, means, size);
        }
        return OptionalLong.of(reader.lastTimestamp());
    }

    private static void close(int i, int[][] counts, double[] sums, float[][] means) {
        for (int c = 0; c < sums.length; c++) {
            means[c][i] = counts[c][i] == 0 ? Float.NaN : (float) (sums[c] / counts[c][i]);
        }
    }

    private SignalReader reader(String stream) {
        SignalReader reader = readers.get(stream);
        if (reader == null) {
            throw new ProposerInputException("The episode has no signal stream '" + stream + "'");
        }
        return reader;
    }

    @Override
    public void scan(String stream, int[] channels, SampleSink sink) throws IOException {
        SignalReader reader = reader(stream);
        if (reader.sampleCount() == 0) {
            return;
        }
        float[] row = new float[channels.length];
        long first = reader.firstTimestamp();
        long last = reader.lastTimestamp();
        long window = WINDOW_NANOS;
        if (reader.sampleCount() > 1 && channels.length > 0) {
            // Mean sample spacing times the samples that fit in the value budget.
            double spacing = (double) (last - first) / (reader.sampleCount() - 1);
            window = Math.max(WINDOW_NANOS, (long) (spacing * Math.max(1, WINDOW_VALUES / channels.length)));
        }
        for (long t0 = first; ; t0 += window) {
            // Inclusive ranges: [t0, t0 + window - 1] and the next one start where this one ends, no sample twice.
            long t1 = last - t0 < window ? last : t0 + window - 1;
            SignalSamples[] columns = new SignalSamples[channels.length];
            for (int c = 0; c < channels.length; c++) {
                columns[c] = reader.samples(t0, t1, channels[c]);
            }
            long[] times = columns.length == 0 ? new long[0] : columns[0].timestamps();
            for (int i = 0; i < times.length; i++) {
                for (int c = 0; c < channels.length; c++) {
                    row[c] = columns[c].values()[i];
                }
                sink.sample(times[i], row);
            }
            if (t1 == last) {
                return;
            }
        }
    }
}
