package dev.touchstone.proposal;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * A stream summarised into fixed-width time bins: per bin the mean of each feature over the bin's valid samples
 * ({@code NaN} where the bin has none). Bin i covers episode time [i·w, (i+1)·w). Reading is one pass over the
 * stream; memory is features × bins, never samples.
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

    /**
     * Reads one stream into bins. Samples arrive in time order (the {@link SignalSource} contract), so only the bin
     * being filled keeps sums and counts; finished bins keep their means as floats: memory is 4 bytes per feature
     * and bin, whatever the sample rate.
     */
    static Bins read(SignalSource source, String stream, List<String> channels, String setting, long binNanos,
                     int features, RowFeatures function) throws IOException {
        int[] indexes = channelIndexes(source, stream, channels, setting);
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
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            if (Float.isNaN(x[i])) {
                out[i] = Float.NaN;
                continue;
            }
            double sum = 0;
            int count = 0;
            for (int k = Math.max(0, i - half); k <= Math.min(x.length - 1, i + half); k++) {
                if (!Float.isNaN(x[k])) {
                    sum += x[k];
                    count++;
                }
            }
            out[i] = (float) (sum / count);
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
        Arrays.sort(valid, 0, n);
        return n % 2 == 1 ? valid[n / 2] : (valid[n / 2 - 1] + valid[n / 2]) / 2.0;
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
