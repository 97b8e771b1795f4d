package dev.touchstone.proposal;

import java.util.ArrayList;
import java.util.List;

/**
 * On/off detection with two thresholds and minimum durations, on a binned series ({@code NaN} = unknown).
 * <ul>
 *   <li>A contact is confirmed when the signal reaches {@code on}. Its start is placed where the signal last rose
 *   above {@code off} before that, so the upper threshold only confirms and the time is that of the lower one.</li>
 *   <li>It ends when the signal stays below {@code off} for {@code minOffBins}; the end is the first of those bins.
 *   A dip shorter than that, or noise around either threshold, does not end it.</li>
 *   <li>A contact shorter than {@code minOnBins} is dropped (a bump).</li>
 *   <li>Unknown bins neither start nor end a contact: the state holds across a dropout.</li>
 * </ul>
 * An interval open at the end of the series ends at {@code x.length}.
 */
final class Hysteresis {

    /** A detected interval [start, end) in bins, with the bin where it was confirmed and its peak value. */
    record Interval(int start, int confirmed, int end, double peak) {
    }

    private Hysteresis() {
    }

    static List<Interval> intervals(float[] x, double on, double off, int minOnBins, int minOffBins) {
        if (!(on > off)) {
            throw new IllegalArgumentException("hysteresis needs on > off, got on " + on + ", off " + off);
        }
        List<Interval> out = new ArrayList<>();
        boolean active = false;
        int start = -1;
        int confirmed = -1;
        int below = -1;
        int belowCount = 0;
        int previousEnd = 0;
        double peak = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            if (Float.isNaN(v)) {
                continue;
            }
            if (!active) {
                if (v >= on) {
                    active = true;
                    confirmed = i;
                    start = i;
                    // Back to where the signal left the band below the lower threshold.
                    while (start - 1 >= previousEnd && (Float.isNaN(x[start - 1]) || x[start - 1] >= off)) {
                        start--;
                    }
                    while (start < i && Float.isNaN(x[start])) {
                        start++;
                    }
                    below = -1;
                    belowCount = 0;
                    peak = v;
                }
            } else {
                peak = Math.max(peak, v);
                if (v < off) {
                    if (below < 0) {
                        below = i;
                    }
                    belowCount++;
                    if (belowCount >= minOffBins) {
                        add(out, new Interval(start, confirmed, below, peak), minOnBins);
                        previousEnd = below;
                        active = false;
                    }
                } else {
                    below = -1;
                    belowCount = 0;
                }
            }
        }
        if (active) {
            add(out, new Interval(start, confirmed, below >= 0 ? below : x.length, peak), minOnBins);
        }
        return out;
    }

    private static void add(List<Interval> out, Interval interval, int minOnBins) {
        if (interval.end() - interval.start() >= minOnBins) {
            out.add(interval);
        }
    }
}
