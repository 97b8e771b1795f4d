package dev.touchstone.proposal;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * A stream summarised into fixed-width time bins: per bin the mean of each feature over the bin's valid samples
 * ({@code NaN} where the bin has none). Bin i covers episode time [i·w, (i+1)·w). Memory is features × bins, never
 * samples. The features are linear in the samples (each channel's mean, or the mean over channels), so when the
 * source has per-bucket summaries that fit the bins ({@link SignalSource#scanBins}) they are built from those, one
 * record per bin; otherwise from one pass over the samples.
 */
final class Bins {

    /** Computes a sample's features from its channel values; a NaN feature is skipped. */
    @FunctionalInterface
    interface RowFeatures {
        void compute(float[] row, double[] out);
    }

    final long binNanos;
    /** values[feature][bin]. */
    final float[][] values;
    final long lastNanos;

    private Bins(long binNanos, float[][] values, long lastNanos) {
        this.binNanos = binNanos;
        this.values = values;
        this.lastNanos = lastNanos;
    }

    int size() {
        return values[0].length;
    }

    /** Resolves channel names to indexes, failing with the stream, the channel and the setting named. */
    static int[] channelIndexes(SignalSource source, String stream, List<String> names, String setting) {
        List<String> available = source.channels(stream).orElseThrow(() -> new ProposerInputException(
                "The episode has no stream '" + stream + "' (" + setting + ")"));
        if (names.isEmpty()) {
            int[] all = new int[available.size()];
            Arrays.setAll(all, i -> i);
            return all;
        }
        int[] indexes = new int[names.size()];
        for (int i = 0; i < names.size(); i++) {
            indexes[i] = available.indexOf(names.get(i));
            if (indexes[i] < 0) {
                throw new ProposerInputException("Stream '" + stream + "' has no channel '" + names.get(i) + "' ("
                        + setting + "); it has " + available.size() + " channels"
                        + (available.isEmpty() ? "" : ", e.g. '" + available.getFirst() + "'"));
            }
        }
        return indexes;
    }

    /** Each channel's mean per bin: one feature per channel, in the order given (empty = every channel). */
    static Bins eachChannel(SignalSource source, String stream, List<String> channels, String setting, long binNanos)
            throws IOException {
        int[] indexes = channelIndexes(source, stream, channels, setting);
        int k = indexes.length;
        Bins summarised = fromSummaries(source, stream, indexes, setting, binNanos, k, (counts, means, n, at, out) -> {
            for (int c = 0; c < k; c++) {
                float[] column = out[c];
                for (int i = 0; i < n; i++) {
                    column[at[i]] = counts[c][i] == 0 ? Float.NaN : means[c][i];
                }
            }
        });
        return summarised != null ? summarised : read(source, stream, indexes, setting, binNanos, k, (row, out) -> {
            for (int c = 0; c < k; c++) {
                out[c] = row[c];
            }
        });
    }

    /**
     * One feature: the mean over the channels per bin (e.g. a pad's mean taxel pressure). From samples, each sample's
     * mean over its non-NaN channels, averaged over the bin; from summaries, the channels' means weighted by their
     * sample counts. The two are equal when a bin's samples have their NaNs in the same channels (a dropout of the
     * whole stream, the only kind the importer stores: it refuses NaN values).
     */
    static Bins meanOfChannels(SignalSource source, String stream, List<String> channels, String setting,
                               long binNanos) throws IOException {
        int[] indexes = channelIndexes(source, stream, channels, setting);
        Bins summarised = fromSummaries(source, stream, indexes, setting, binNanos, 1, (counts, means, n, at, out) -> {
            double[] sum = new double[n];
            long[] count = new long[n];
            for (int c = 0; c < counts.length; c++) {
                int[] counted = counts[c];
                float[] mean = means[c];
                for (int i = 0; i < n; i++) {
                    if (counted[i] > 0) {
                        sum[i] += (double) mean[i] * counted[i];
                        count[i] += counted[i];
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                out[0][at[i]] = count[i] == 0 ? Float.NaN : (float) (sum[i] / count[i]);
            }
        });
        return summarised != null ? summarised : read(source, stream, indexes, setting, binNanos, 1, (row, out) -> {
            double sum = 0;
            int count = 0;
            for (float v : row) {
                if (!Float.isNaN(v)) {
                    sum += v;
                    count++;
                }
            }
            out[0] = count == 0 ? Double.NaN : sum / count;
        });
    }

    /** Writes the features of summary records {@code [0, n)} into {@code out[feature][at[i]]}. */
    @FunctionalInterface
    private interface BinFeatures {
        void compute(int[][] counts, float[][] means, int n, int[] at, float[][] out);
    }

    /** Bins from the source's per-bin summaries; null when it has none for this stream and bin width. */
    private static Bins fromSummaries(SignalSource source, String stream, int[] indexes, String setting,
                                      long binNanos, int features, BinFeatures function) throws IOException {
        float[][][] values = {new float[features][0]};
        int[] size = {0};
        OptionalLong last = source.scanBins(stream, indexes, binNanos, (bins, counts, means, n) -> {
            // Bins before the episode start are skipped (as samples are); they come first.
            int skip = 0;
            while (skip < n && bins[skip] < 0) {
                skip++;
            }
            if (skip == n) {
                return;
            }
            long lastBin = bins[n - 1];
            if (lastBin >= Integer.MAX_VALUE - 8) {
                throw new ProposerInputException("Stream '" + stream + "' has a sample in bin " + lastBin
                        + ", too far into the episode for " + binNanos + " ns bins");
            }
            float[][] out = values[0];
            if (lastBin >= out[0].length) {
                int capacity = (int) Math.max(lastBin + 1, Math.max(1024, 2L * out[0].length));
                for (int f = 0; f < features; f++) {
                    int old = out[f].length;
                    out[f] = Arrays.copyOf(out[f], capacity);
                    // A bin no sample falls in stays unknown.
                    Arrays.fill(out[f], old, capacity, Float.NaN);
                }
            }
            int m = n - skip;
            int[] at = new int[m];
            for (int i = 0; i < m; i++) {
                at[i] = (int) bins[skip + i];
            }
            int[][] c = counts;
            float[][] v = means;
            if (skip > 0) {
                c = new int[counts.length][];
                v = new float[means.length][];
                for (int k = 0; k < counts.length; k++) {
                    c[k] = Arrays.copyOfRange(counts[k], skip, n);
                    v[k] = Arrays.copyOfRange(means[k], skip, n);
                }
            }
            function.compute(c, v, m, at, out);
            size[0] = (int) lastBin + 1;
        });
        if (last.isEmpty()) {
            return null;
        }
        if (size[0] == 0) {
            throw new ProposerInputException("Stream '" + stream + "' has no samples (" + setting + ")");
        }
        float[][] out = values[0];
        for (int f = 0; f < features; f++) {
            out[f] = Arrays.copyOf(out[f], size[0]);
        }
        return new Bins(binNanos, out, last.getAsLong());
    }

    /**
     * Reads one stream into bins. Samples arrive in time order (the {@link SignalSource} contract), so only the bin
     * being filled keeps sums and counts; finished bins keep their means as floats: memory is 4 bytes per feature
     * and bin, whatever the sample rate.
     */
    private static Bins read(SignalSource source, String stream, int[] indexes, String setting, long binNanos,
                             int features, RowFeatures function) throws IOException {
        Accumulator acc = new Accumulator(features);
        double[] out = new double[features];
        source.scan(stream, indexes, (t, row) -> {
            if (t < 0) {
                return;
            }
            long bin = t / binNanos;
            if (bin >= Integer.MAX_VALUE - 8) {
                throw new ProposerInputException("Stream '" + stream + "' has a sample at " + t
                        + " ns, too far into the episode for " + binNanos + " ns bins");
            }
            Arrays.fill(out, Double.NaN);
            function.compute(row, out);
            acc.add(t, (int) bin, out);
        });
        if (acc.size() == 0) {
            throw new ProposerInputException("Stream '" + stream + "' has no samples (" + setting + ")");
        }
        return new Bins(binNanos, acc.finish(), acc.last);
    }

    /** The running bin's sums and the finished bins' means. */
    private static final class Accumulator {
        private final double[] sums;
        private final int[] counts;
        private float[][] means;
        private int current = -1;
        long last = Long.MIN_VALUE;

        Accumulator(int features) {
            sums = new double[features];
            counts = new int[features];
            means = new float[features][1024];
            for (float[] m : means) {
                // A bin no sample falls in stays unknown.
                Arrays.fill(m, Float.NaN);
            }
        }

        void add(long t, int bin, double[] values) {
            last = Math.max(last, t);
            if (bin != current) {
                if (bin < current) {
                    throw new IllegalStateException("samples out of time order: bin " + bin + " after " + current);
                }
                flush();
                current = bin;
            }
            for (int f = 0; f < sums.length; f++) {
                if (Double.isFinite(values[f])) {
                    sums[f] += values[f];
                    counts[f]++;
                }
            }
        }

        private void flush() {
            if (current < 0) {
                return;
            }
            if (current >= means[0].length) {
                int capacity = Math.max(current + 1, means[0].length + means[0].length / 2);
                for (int f = 0; f < means.length; f++) {
                    int old = means[f].length;
                    means[f] = Arrays.copyOf(means[f], capacity);
                    Arrays.fill(means[f], old, capacity, Float.NaN);
                }
            }
            for (int f = 0; f < sums.length; f++) {
                means[f][current] = counts[f] == 0 ? Float.NaN : (float) (sums[f] / counts[f]);
                sums[f] = 0;
                counts[f] = 0;
            }
        }

        int size() {
            return current + 1;
        }

        float[][] finish() {
            flush();
            float[][] values = new float[means.length][];
            for (int f = 0; f < means.length; f++) {
                values[f] = Arrays.copyOf(means[f], size());
            }
            return values;
        }
    }

    /** The series extended (with NaN) or cut to n bins. */
    static float[] length(float[] x, int n) {
        if (x.length == n) {
            return x;
        }
        float[] out = Arrays.copyOf(x, n);
        for (int i = x.length; i < n; i++) {
            out[i] = Float.NaN;
        }
        return out;
    }

    /** Linear interpolation across interior runs of NaN no longer than maxGap bins; longer runs stay NaN. */
    static float[] fillGaps(float[] x, int maxGap) {
        float[] out = x.clone();
        int i = 0;
        while (i < out.length) {
            if (!Float.isNaN(out[i])) {
                i++;
                continue;
            }
            int start = i;
            while (i < out.length && Float.isNaN(out[i])) {
                i++;
            }
            if (start > 0 && i < out.length && i - start <= maxGap) {
                float a = out[start - 1];
                float b = out[i];
                int span = i - start + 1;
                for (int k = start; k < i; k++) {
                    out[k] = a + (b - a) * (k - start + 1) / span;
                }
            }
        }
        return out;
    }

    /** Centred moving average over {@code window} bins (odd; 1 = none), ignoring NaN; NaN stays NaN. */
    static float[] smooth(float[] x, int window) {
        if (window <= 1) {
            return x.clone();
        }
        int half = window / 2;
        int n = x.length;
        float[] out = new float[n];
        // Running sum and count of the valid values in [i - half, i + half], in the order the values enter and
        // leave; the sum is kept in double so removing values does not drift.
        double sum = 0;
        int count = 0;
        for (int k = 0; k < Math.min(n, half); k++) {
            if (!Float.isNaN(x[k])) {
                sum += x[k];
                count++;
            }
        }
        for (int i = 0; i < n; i++) {
            int enter = i + half;
            if (enter < n && !Float.isNaN(x[enter])) {
                sum += x[enter];
                count++;
            }
            int leave = i - half - 1;
            if (leave >= 0 && !Float.isNaN(x[leave])) {
                sum -= x[leave];
                count--;
            }
            out[i] = Float.isNaN(x[i]) ? Float.NaN : (float) (sum / count);
        }
        return out;
    }

    /** Median of the valid values in bins [from, to); NaN when there is none. */
    static double median(float[] x, int from, int to) {
        float[] valid = new float[Math.max(0, to - from)];
        int n = 0;
        for (int i = Math.max(0, from); i < Math.min(to, x.length); i++) {
            if (!Float.isNaN(x[i])) {
                valid[n++] = x[i];
            }
        }
        if (n == 0) {
            return Double.NaN;
        }
        // Selection instead of a sort: the proposers take a median per contact, and a sort was a fifth of their time.
        float upper = select(valid, n, n / 2);
        if (n % 2 == 1) {
            return upper;
        }
        float lower = valid[0];
        for (int i = 1; i < n / 2; i++) {
            lower = Math.max(lower, valid[i]);
        }
        return (lower + upper) / 2.0;
    }

    /**
     * The k-th smallest of a[0..n) (Hoare's selection); afterwards a[0..k) holds values no larger than it and
     * a[k+1..n) values no smaller.
     */
    private static float select(float[] a, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            float pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    float t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                break;
            }
        }
        return a[k];
    }

    /** Bins in a duration, at least 1. */
    static int bins(long nanos, long binNanos) {
        return (int) Math.max(1, Math.round((double) nanos / binNanos));
    }

    /** An odd window of about this duration. */
    static int oddWindow(long nanos, long binNanos) {
        int n = (int) Math.round((double) nanos / binNanos);
        return n <= 1 ? 1 : n % 2 == 1 ? n : n + 1;
    }
}
