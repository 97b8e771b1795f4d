package dev.touchstone.proposal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Contact on/off events per hand from the wrist force-torque magnitude and the mean tactile pressure, each with
 * hysteresis ({@link Hysteresis}), then fused: a sensor's contact counts when another sensor of the hand saw a
 * contact overlapping it, or was blind then (version 2; version 1 took any sensor's contact, and the wrist's inertial
 * force when a hesitating operator stops the hand read as a touch), and the hand is in contact while a counted
 * contact lasts. docs/proposals.md describes the inputs, the defaults, the confidence and the failure modes.
 */
final class ContactProposer {

    static final String SOURCE = "signals.contact";
    static final String VERSION = "2";

    /** One hand's contacts: the fused intervals in bins (end = series length when still in contact). */
    record HandContacts(String hand, List<int[]> intervals, int bins) {
    }

    record Result(List<Proposal> proposals, List<HandContacts> hands, long binNanos) {

        /** The earliest contact onset over all hands, in nanoseconds, or -1 when no hand touched anything. */
        long firstContactNanos() {
            long first = -1;
            for (HandContacts hand : hands) {
                for (int[] interval : hand.intervals()) {
                    if (interval[0] > 0 && (first < 0 || interval[0] * binNanos < first)) {
                        first = interval[0] * binNanos;
                    }
                }
            }
            return first;
        }
    }

    /** One sensor's view of one hand. */
    record Sensor(String what, String stream, List<String> channels, float[] signal, String unit,
                          List<Hysteresis.Interval> intervals) {
    }

    private ContactProposer() {
    }

    static Result propose(SignalSource source, ProposerSettings settings) throws IOException {
        ProposerSettings.ContactThresholds t = settings.contact();
        long w = settings.binNanos();
        int minOn = Bins.bins(t.minContactNanos(), w);
        int minOff = Bins.bins(t.minReleaseNanos(), w);
        int tare = Bins.bins(t.tareNanos(), w);
        int maxGap = Bins.bins(settings.motion().maxGapNanos(), w);
        int fusion = Bins.bins(t.fusionWindowNanos(), w);
        List<Proposal> proposals = new ArrayList<>();
        List<HandContacts> hands = new ArrayList<>();
        for (ProposerSettings.Hand hand : settings.hands()) {
            List<Sensor> sensors = new ArrayList<>();
            if (hand.wristStream() != null) {
                Bins bins = Bins.eachChannel(source, hand.wristStream(), hand.forceChannels(),
                        "wrist force-torque of hand " + hand.name(), w);
                float[] magnitude = forceMagnitude(bins.values, tare);
                float[] signal = Bins.fillGaps(magnitude, maxGap);
                sensors.add(new Sensor("|ΔF|", hand.wristStream(), hand.forceChannels(), signal, "N",
                        onsets(signal, releases(signal, Hysteresis.intervals(signal, t.forceOnN(), t.forceOffN(),
                                minOn, minOff), t.forceOnN(), t.forceOffN(), w), t.forceOnN(), t.forceOffN(), w)));
            }
            if (hand.tactileStream() != null) {
                Bins bins = Bins.meanOfChannels(source, hand.tactileStream(), hand.tactileChannels(),
                        "tactile pads of hand " + hand.name(), w);
                float[] pressure = Bins.smooth(Bins.fillGaps(bins.values[0], maxGap),
                        Bins.oddWindow(t.smoothingNanos(), w));
                double zero = tareOf(pressure, tare);
                for (int i = 0; i < pressure.length; i++) {
                    pressure[i] -= (float) zero;
                }
                List<String> channels = hand.tactileChannels().isEmpty() ? List.of("(all taxels)")
                        : hand.tactileChannels();
                sensors.add(new Sensor("mean taxel pressure", hand.tactileStream(), channels, pressure, "kPa",
                        onsets(pressure, releases(pressure, Hysteresis.intervals(pressure, t.pressureOnKpa(),
                                t.pressureOffKpa(), minOn, minOff), t.pressureOnKpa(), t.pressureOffKpa(), w),
                                t.pressureOnKpa(), t.pressureOffKpa(), w)));
            }
            if (sensors.isEmpty()) {
                continue;
            }
            int n = sensors.stream().mapToInt(s -> s.signal().length).max().orElseThrow();
            List<int[]> fused = fuse(sensors, minOff);
            hands.add(new HandContacts(hand.name(), fused, n));
            for (int[] interval : fused) {
                // A contact already there at the first bin has no onset in this episode (and the tare hides it).
                if (interval[0] > 0) {
                    proposals.add(event(settings, settings.contactOnClass(), hand, interval[0], true, sensors, fusion,
                            w, t));
                }
                if (interval[1] < n) {
                    proposals.add(event(settings, settings.contactOffClass(), hand, interval[1], false, sensors,
                            fusion, w, t));
                }
            }
        }
        proposals.sort(Comparator.comparingLong(Proposal::startNanos));
        return new Result(List.copyOf(proposals), List.copyOf(hands), w);
    }

    /** Longest a release is moved past the lower threshold's crossing. */
    static final long MAX_RELEASE_SHIFT_NANOS = 300_000_000L;

    /**
     * Moves each interval's end from where the signal crossed the lower threshold to where it reaches zero, taking
     * the fall from the contact's plateau (the interval's median) to follow a minimum-jerk profile through the last
     * crossing of the upper threshold and the crossing of the lower one ({@link MinimumJerk}). A threshold is
     * crossed early on a smooth fall (a tenth of the fall time for a 1 % threshold), which is what this removes; the
     * shift is at most {@link #MAX_RELEASE_SHIFT_NANOS} and never past the next contact or the series' end.
     */
    static List<Hysteresis.Interval> releases(float[] x, List<Hysteresis.Interval> intervals, double on, double off,
                                              long w) {
        List<Hysteresis.Interval> out = new ArrayList<>();
        int maxShift = Bins.bins(MAX_RELEASE_SHIFT_NANOS, w);
        for (int k = 0; k < intervals.size(); k++) {
            Hysteresis.Interval interval = intervals.get(k);
            int end = interval.end();
            if (end >= x.length) {
                out.add(interval);
                continue;
            }
            double plateau = Bins.median(x, interval.start(), end);
            int high = end - 1;
            while (high > interval.start() && (Float.isNaN(x[high]) || x[high] < on)) {
                high--;
            }
            if (plateau > on && high > interval.start()) {
                double u1 = MinimumJerk.fallRemaining(off / plateau);
                double u2 = MinimumJerk.fallRemaining(on / plateau);
                double bins = u1 > u2 ? (end - (high + 1)) / (u1 - u2) * (1 - u1) : 0;
                int limit = k + 1 < intervals.size() ? intervals.get(k + 1).start() : x.length;
                end = Math.min(Math.min(limit, x.length), end + (int) Math.min(maxShift, Math.round(bins)));
            }
            out.add(new Hysteresis.Interval(interval.start(), interval.confirmed(), end, interval.peak()));
        }
        return out;
    }

    /**
     * Moves each interval's start from where the signal rose above the lower threshold back to where it left zero,
     * the mirror of {@link #releases}: the rise to the contact's plateau is taken to follow a minimum-jerk profile
     * through the crossing of the lower and the upper threshold. A slow squeeze (a slow operator's grip takes twice
     * as long) crosses the lower threshold well after it began, which this removes. The shift is at most
     * {@link #MAX_RELEASE_SHIFT_NANOS} and never before the previous contact's end or the series' start.
     */
    static List<Hysteresis.Interval> onsets(float[] x, List<Hysteresis.Interval> intervals, double on, double off,
                                            long w) {
        List<Hysteresis.Interval> out = new ArrayList<>();
        int maxShift = Bins.bins(MAX_RELEASE_SHIFT_NANOS, w);
        for (int k = 0; k < intervals.size(); k++) {
            Hysteresis.Interval interval = intervals.get(k);
            int start = interval.start();
            if (start == 0) {
                out.add(interval);
                continue;
            }
            double plateau = Bins.median(x, interval.start(), interval.end());
            if (plateau > on && interval.confirmed() > start) {
                // s(u) = f at u = 1 - fallRemaining(f): the profile is symmetric.
                double u1 = 1 - MinimumJerk.fallRemaining(off / plateau);
                double u2 = 1 - MinimumJerk.fallRemaining(on / plateau);
                double bins = u2 > u1 ? (interval.confirmed() - start) / (u2 - u1) * u1 : 0;
                int limit = k > 0 ? out.get(k - 1).end() : 0;
                start = Math.max(limit, start - (int) Math.min(maxShift, Math.round(bins)));
            }
            out.add(new Hysteresis.Interval(start, interval.confirmed(), interval.end(), interval.peak()));
        }
        return out;
    }

    /** |F − tare|, the tare being the component-wise median of the first valid bins. */
    private static float[] forceMagnitude(float[][] xyz, int tareBins) {
        double[] zero = new double[3];
        for (int c = 0; c < 3; c++) {
            zero[c] = tareOf(xyz[c], tareBins);
        }
        int n = xyz[0].length;
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            double dx = xyz[0][i] - zero[0];
            double dy = xyz[1][i] - zero[1];
            double dz = xyz[2][i] - zero[2];
            out[i] = (float) Math.sqrt(dx * dx + dy * dy + dz * dz);
        }
        return out;
    }

    /** Median of the first {@code bins} bins from the first valid one (a dropout at the start moves the tare). */
    private static double tareOf(float[] x, int bins) {
        int first = 0;
        while (first < x.length && Float.isNaN(x[first])) {
            first++;
        }
        double median = Bins.median(x, first, first + bins);
        return Double.isNaN(median) ? 0 : median;
    }

    /** Share of an interval's bins a sensor must have lost before it counts as blind there. */
    private static final double BLIND_SHARE = 0.5;

    /**
     * The union of the sensors' corroborated intervals; gaps shorter than the release time are bridged. With one
     * sensor every interval counts; with more, an interval counts when another sensor has an interval overlapping
     * it or lost most of its samples then (a dropout does not veto).
     */
    static List<int[]> fuse(List<Sensor> sensors, int minOff) {
        List<int[]> all = new ArrayList<>();
        for (Sensor sensor : sensors) {
            for (Hysteresis.Interval interval : sensor.intervals()) {
                if (corroborated(sensor, interval, sensors)) {
                    all.add(new int[]{interval.start(), interval.end()});
                }
            }
        }
        all.sort(Comparator.comparingInt(a -> a[0]));
        List<int[]> fused = new ArrayList<>();
        for (int[] interval : all) {
            int[] last = fused.isEmpty() ? null : fused.getLast();
            if (last != null && interval[0] <= last[1] + minOff) {
                last[1] = Math.max(last[1], interval[1]);
            } else {
                fused.add(interval.clone());
            }
        }
        return fused;
    }

    private static boolean corroborated(Sensor sensor, Hysteresis.Interval interval, List<Sensor> sensors) {
        if (sensors.size() == 1) {
            return true;
        }
        for (Sensor other : sensors) {
            if (other == sensor) {
                continue;
            }
            for (Hysteresis.Interval o : other.intervals()) {
                if (o.start() < interval.end() && interval.start() < o.end()) {
                    return true;
                }
            }
            int lost = 0;
            int from = Math.max(0, interval.start());
            int to = Math.min(other.signal().length, interval.end());
            for (int i = from; i < to; i++) {
                if (Float.isNaN(other.signal()[i])) {
                    lost++;
                }
            }
            lost += Math.max(0, interval.end() - Math.max(from, to));
            if (lost > BLIND_SHARE * (interval.end() - interval.start())) {
                return true;
            }
        }
        return false;
    }

    private static Proposal event(ProposerSettings settings, String classKey, ProposerSettings.Hand hand, int bin,
                                  boolean onset, List<Sensor> sensors, int fusion, long w,
                                  ProposerSettings.ContactThresholds t) {
        List<Evidence> evidence = new ArrayList<>();
        int agreeing = 0;
        for (Sensor sensor : sensors) {
            Hysteresis.Interval nearest = null;
            for (Hysteresis.Interval interval : sensor.intervals()) {
                int edge = onset ? interval.start() : interval.end();
                if (!onset && interval.end() >= sensor.signal().length) {
                    continue;
                }
                if (Math.abs(edge - bin) <= fusion && (nearest == null
                        || Math.abs(edge - bin) < Math.abs((onset ? nearest.start() : nearest.end()) - bin))) {
                    nearest = interval;
                }
            }
            if (nearest == null) {
                continue;
            }
            agreeing++;
            boolean force = sensor.unit().equals("N");
            double on = force ? t.forceOnN() : t.pressureOnKpa();
            double off = force ? t.forceOffN() : t.pressureOffKpa();
            String note;
            long from;
            long to;
            if (onset) {
                from = nearest.start() * w;
                to = Math.max(from, nearest.confirmed() * w);
                note = String.format(Locale.ROOT, "hand %s: %s rose above %.3g %s and reached %.3g %s (peak %.3g %s"
                        + " in this contact)", hand.name(), sensor.what(), off, sensor.unit(), on, sensor.unit(),
                        nearest.peak(), sensor.unit());
            } else {
                from = nearest.end() * w;
                to = from + t.minReleaseNanos();
                note = String.format(Locale.ROOT, "hand %s: %s fell below %.3g %s and stayed there for %d ms",
                        hand.name(), sensor.what(), off, sensor.unit(), t.minReleaseNanos() / 1_000_000);
            }
            evidence.add(new Evidence(sensor.stream(), sensor.channels(), from, to, note));
        }
        double confidence = (double) agreeing / sensors.size();
        long time = bin * w;
        return new Proposal(ProposalType.EVENT, settings.contactDefinition(), classKey, time, time, SOURCE, VERSION,
                confidence, evidence);
    }
}
