package dev.touchstone.proposal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One pass over every channel of a stream for its dropouts (timestamp gaps, and samples with a NaN value) and its
 * saturated channels (held at a configured limit). Memory: the stream's channel count and the spans found, never
 * the samples.
 */
final class StreamHealth {

    /** Steps used to estimate the nominal sampling interval (their median). */
    static final int NOMINAL_STEPS = 64;

    /** A span [start, end) of one channel (or of the whole stream: channel empty) and what it is. */
    record Span(String channel, long startNanos, long endNanos, String note) {
    }

    /**
     * @param noise the stream's sample-to-sample noise: per channel the mean |x[i+1] − 2 x[i] + x[i−1]| over
     *              consecutive valid samples (the second difference cancels a smooth signal and keeps the noise),
     *              then the median over the channels; NaN with fewer than three samples
     */
    record Health(String stream, long firstNanos, long lastNanos, long nominalNanos, List<Span> dropouts,
                  List<Span> saturated, double noise) {
    }

    private StreamHealth() {
    }

    static Health scan(SignalSource source, String stream, QualitySettings.HealthFlags settings) throws IOException {
        List<String> channels = source.channels(stream).orElseThrow(() -> new ProposerInputException(
                "The episode has no stream '" + stream + "'"));
        int n = channels.size();
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        // Configured limits by channel index: at or beyond low/high is "at the limit".
        double[] low = new double[n];
        double[] high = new double[n];
        Arrays.fill(low, Double.NEGATIVE_INFINITY);
        Arrays.fill(high, Double.POSITIVE_INFINITY);
        for (QualitySettings.Limit limit : settings.limits()) {
            if (limit.stream().equals(stream)) {
                int c = channels.indexOf(limit.channel());
                if (c < 0) {
                    throw new ProposerInputException("Stream '" + stream + "' has no channel '" + limit.channel()
                            + "' (a saturation limit)");
                }
                low[c] = limit.min() + limit.margin();
                high[c] = limit.max() - limit.margin();
            }
        }
        long[] times = new long[NOMINAL_STEPS + 1];
        // previous time, sample count, nominal interval, start of a NaN run (-1: none), first time
        long[] state = {Long.MIN_VALUE, 0, 0, -1, Long.MIN_VALUE};
        List<Span> dropouts = new ArrayList<>();
        long[] limitStart = new long[n];
        Arrays.fill(limitStart, Long.MIN_VALUE);
        List<Span> saturated = new ArrayList<>();
        long minRun = settings.minSaturationNanos();
        float[] previous = new float[n];
        float[] beforePrevious = new float[n];
        Arrays.fill(previous, Float.NaN);
        Arrays.fill(beforePrevious, Float.NaN);
        double[] d2Sum = new double[n];
        long[] d2Count = new long[n];
        source.scan(stream, all, (t, row) -> {
            long count = state[1];
            if (count == 0) {
                state[4] = t;
            }
            if (count <= NOMINAL_STEPS) {
                times[(int) count] = t;
                if (count == NOMINAL_STEPS) {
                    state[2] = nominal(times, NOMINAL_STEPS);
                    for (int i = 1; i <= NOMINAL_STEPS; i++) {
                        gap(times[i - 1], times[i], state[2], settings.gapFactor(), dropouts);
                    }
                }
            } else {
                gap(state[0], t, state[2], settings.gapFactor(), dropouts);
            }
            boolean nan = false;
            for (int c = 0; c < n; c++) {
                float v = row[c];
                float d2 = v - 2 * previous[c] + beforePrevious[c];
                if (!Float.isNaN(d2)) {
                    d2Sum[c] += Math.abs(d2);
                    d2Count[c]++;
                }
                beforePrevious[c] = previous[c];
                previous[c] = v;
                boolean atLimit = v <= low[c] || v >= high[c];
                if (Float.isNaN(v)) {
                    nan = true;
                }
                if (atLimit && limitStart[c] == Long.MIN_VALUE) {
                    limitStart[c] = t;
                } else if (!atLimit && limitStart[c] != Long.MIN_VALUE) {
                    saturation(channels.get(c), limitStart[c], t, minRun, saturated);
                    limitStart[c] = Long.MIN_VALUE;
                }
            }
            if (nan && state[3] < 0) {
                state[3] = t;
            } else if (!nan && state[3] >= 0) {
                dropouts.add(new Span("", state[3], t, "samples with missing (NaN) values"));
                state[3] = -1;
            }
            state[0] = t;
            state[1]++;
        });
        long last = state[0];
        if (state[1] >= 2 && state[1] <= NOMINAL_STEPS) {
            // A short stream: its nominal interval from the steps it has.
            int k = (int) state[1] - 1;
            state[2] = nominal(times, k);
            for (int i = 1; i <= k; i++) {
                gap(times[i - 1], times[i], state[2], settings.gapFactor(), dropouts);
            }
        }
        if (state[3] >= 0) {
            dropouts.add(new Span("", state[3], last, "samples with missing (NaN) values"));
        }
        for (int c = 0; c < n; c++) {
            if (limitStart[c] != Long.MIN_VALUE) {
                saturation(channels.get(c), limitStart[c], last, minRun, saturated);
            }
        }
        dropouts.sort(Comparator.comparingLong(Span::startNanos));
        saturated.sort(Comparator.comparingLong(Span::startNanos));
        double[] perChannel = new double[n];
        int withNoise = 0;
        for (int c = 0; c < n; c++) {
            if (d2Count[c] > 0) {
                perChannel[withNoise++] = d2Sum[c] / d2Count[c];
            }
        }
        Arrays.sort(perChannel, 0, withNoise);
        double noise = withNoise == 0 ? Double.NaN : withNoise % 2 == 1 ? perChannel[withNoise / 2]
                : (perChannel[withNoise / 2 - 1] + perChannel[withNoise / 2]) / 2;
        return new Health(stream, state[4], last, state[2], List.copyOf(dropouts), List.copyOf(saturated), noise);
    }

    /** Median of the first k steps between the given times. */
    private static long nominal(long[] times, int k) {
        long[] steps = new long[k];
        for (int i = 0; i < k; i++) {
            steps[i] = times[i + 1] - times[i];
        }
        Arrays.sort(steps);
        return steps[k / 2];
    }

    /** A step longer than factor × nominal: the samples expected after the previous one, up to t, are missing. */
    private static void gap(long previous, long t, long nominal, double factor, List<Span> out) {
        if (nominal > 0 && t - previous > factor * nominal) {
            out.add(new Span("", previous + nominal, t, String.format(Locale.ROOT, "no samples for %d ms (nominal"
                    + " interval %.3g ms)", (t - previous) / 1_000_000, nominal / 1e6)));
        }
    }

    private static void saturation(String channel, long start, long end, long minRun, List<Span> out) {
        if (end - start >= minRun) {
            out.add(new Span(channel, start, end, String.format(Locale.ROOT, "%s at its configured limit for %d ms",
                    channel, (end - start) / 1_000_000)));
        }
    }
}
