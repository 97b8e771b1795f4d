package dev.touchstone.proposal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Drops: a hand's contact that ends while its gripper is not opening (the object left the hand; the hand did not
 * let go), proposed as the schema's {@code contact} / {@code slip} event at the start of the collapse. Built on the
 * contact proposer's intervals; docs/proposals.md, "Slips and drops", has the rules, the confidence and the failure
 * modes.
 */
final class SlipProposer {

    static final String SOURCE = "signals.slip";
    static final String VERSION = "1";
    static final String SLIP_CLASS = "slip";

    /** A grasp attempt: the union of the hands' contacts, in nanoseconds; dropped = a drop ended it. */
    record Attempt(long startNanos, long endNanos, boolean dropped, boolean ended) {
    }

    /**
     * @param slips    one event per drop (hands within the fusion window merged), in time order
     * @param attempts in time order
     * @param lastPlaced whether every hand's last held contact ended with its gripper opening (not a drop, not
     *                   still holding at the end)
     */
    record Result(List<Proposal> slips, List<Attempt> attempts, boolean lastPlaced) {
    }

    private record Drop(long timeNanos, long releaseNanos, double confidence, List<Evidence> evidence) {
    }

    private SlipProposer() {
    }

    static Result propose(SignalSource source, ProposerSettings settings, QualitySettings quality,
                          ContactProposer.Result contacts) throws IOException {
        long w = settings.binNanos();
        QualitySettings.SlipThresholds s = quality.slip();
        ProposerSettings.ContactThresholds t = settings.contact();
        int maxGap = Bins.bins(settings.motion().maxGapNanos(), w);
        int tare = Bins.bins(t.tareNanos(), w);
        int lookback = Bins.bins(s.openingLookback(), w);
        int ratioWindow = Bins.bins(s.ratioWindowNanos(), w);
        int fusion = Bins.bins(t.fusionWindowNanos(), w);
        List<Drop> drops = new ArrayList<>();
        // Per hand that held something: how its last held contact ended (0 opening, 1 drop, 2 still held).
        List<Integer> lastEnds = new ArrayList<>();
        List<long[]> held = new ArrayList<>();
        for (ProposerSettings.Hand hand : settings.hands()) {
            ContactProposer.HandContacts handContacts = contacts.hands().stream()
                    .filter(h -> h.hand().equals(hand.name())).findFirst().orElse(null);
            if (handContacts == null) {
                continue;
            }
            float[][] force = null;
            if (hand.wristStream() != null) {
                Bins bins = Bins.eachChannel(source, hand.wristStream(), hand.forceChannels(),
                        "wrist force-torque of hand " + hand.name(), w);
                force = new float[3][];
                for (int c = 0; c < 3; c++) {
                    float[] x = Bins.fillGaps(bins.values[c], maxGap);
                    double zero = tareOf(x, tare);
                    for (int i = 0; i < x.length; i++) {
                        x[i] -= (float) zero;
                    }
                    force[c] = x;
                }
            }
            float[] pressure = null;
            if (hand.tactileStream() != null) {
                Bins bins = Bins.meanOfChannels(source, hand.tactileStream(), hand.tactileChannels(),
                        "tactile pads of hand " + hand.name(), w);
                pressure = Bins.smooth(Bins.fillGaps(bins.values[0], maxGap), Bins.oddWindow(t.smoothingNanos(), w));
                double zero = tareOf(pressure, tare);
                for (int i = 0; i < pressure.length; i++) {
                    pressure[i] -= (float) zero;
                }
            }
            float[] closureRate = hand.gripperStream() == null ? null : closureRate(source, settings, hand);
            float[] normal = null;
            if (force != null) {
                normal = new float[force[0].length];
                for (int i = 0; i < normal.length; i++) {
                    normal[i] = Math.abs(force[s.normalAxis()][i]);
                }
            }
            float[] primary = pressure != null ? pressure : normal;
            if (primary == null || closureRate == null) {
                // Without a contact signal or a gripper, "ended while the gripper stayed closed" cannot be told.
                continue;
            }
            String primaryStream = pressure != null ? hand.tactileStream() : hand.wristStream();
            List<String> primaryChannels = pressure != null
                    ? (hand.tactileChannels().isEmpty() ? List.of("(all taxels)") : hand.tactileChannels())
                    : List.of(hand.forceChannels().get(s.normalAxis()));
            String primaryWhat = pressure != null ? "mean taxel pressure" : "normal force";
            String primaryUnit = pressure != null ? "kPa" : "N";
            double holding = pressure != null ? t.pressureOnKpa() : t.forceOnN();
            int lastEnd = -1;
            for (int[] interval : handContacts.intervals()) {
                int start = interval[0];
                int end = interval[1];
                double plateau = Bins.median(primary, start, Math.min(end, primary.length));
                // A contact whose pads (or normal force) never held anything, such as the wrist feeling the hand's
                // own inertia on a fast reach, is neither a grasp attempt nor something that can be dropped.
                if (!(plateau >= holding)) {
                    continue;
                }
                held.add(new long[]{start * w, end * w, end >= handContacts.bins() ? 0 : 1});
                if (end >= handContacts.bins() || end > primary.length) {
                    lastEnd = 2;
                    continue;
                }
                int collapse = end - 1;
                while (collapse > start && (Float.isNaN(primary[collapse])
                        || primary[collapse] < s.collapseShare() * plateau)) {
                    collapse--;
                }
                double rate = mean(closureRate, collapse - lookback, end + 1);
                boolean opening = Double.isNaN(rate) || rate <= -settings.motion().lowOpeningRate();
                lastEnd = opening ? 0 : 1;
                if (opening) {
                    continue;
                }
                List<Evidence> evidence = new ArrayList<>();
                evidence.add(new Evidence(primaryStream, primaryChannels, collapse * w, end * w, String.format(
                        Locale.ROOT, "hand %s: %s fell from %.0f %% of its contact plateau (%.3g %s) to the"
                                + " contact's release in %d ms", hand.name(), primaryWhat, 100 * s.collapseShare(),
                        plateau, primaryUnit, (end - collapse) * w / 1_000_000)));
                evidence.add(new Evidence(hand.gripperStream(), hand.gripperChannels(),
                        Math.max(0, collapse - lookback) * w, end * w, String.format(Locale.ROOT,
                        "hand %s: the gripper did not open (mean closure rate %.3g per s, opening is below %.3g)",
                        hand.name(), rate, -settings.motion().lowOpeningRate())));
                int checks = 1;
                int agreeing = 1;
                if (force != null && pressure != null) {
                    checks++;
                    double normalPlateau = Bins.median(normal, start, end);
                    double after = min(normal, collapse, Math.min(normal.length, end + fusion));
                    if (normalPlateau > 0 && after < 0.5 * normalPlateau) {
                        agreeing++;
                        evidence.add(new Evidence(hand.wristStream(), List.of(hand.forceChannels()
                                .get(s.normalAxis())), collapse * w, Math.min(normal.length, end + fusion) * w,
                                String.format(Locale.ROOT, "hand %s: normal force fell from %.3g N to %.3g N",
                                        hand.name(), normalPlateau, after)));
                    }
                }
                if (force != null) {
                    checks++;
                    double normalPlateau = Bins.median(normal, start, end);
                    double peak = 0;
                    int peakBin = -1;
                    for (int i = Math.max(start, collapse - ratioWindow); i <= Math.min(end, normal.length - 1); i++) {
                        if (Float.isNaN(normal[i]) || normal[i] < s.minNormalShare() * normalPlateau) {
                            continue;
                        }
                        double tangential = 0;
                        for (int c = 0; c < 3; c++) {
                            if (c != s.normalAxis()) {
                                tangential += force[c][i] * force[c][i];
                            }
                        }
                        double ratio = Math.sqrt(tangential) / normal[i];
                        if (ratio > peak) {
                            peak = ratio;
                            peakBin = i;
                        }
                    }
                    double loadBefore = Bins.median(force[s.loadAxis()], Math.max(start, collapse - ratioWindow),
                            collapse);
                    double loadAfter = Bins.median(force[s.loadAxis()], end, Math.min(normal.length,
                            end + ratioWindow));
                    String load = Double.isNaN(loadBefore) || Double.isNaN(loadAfter) ? ""
                            : String.format(Locale.ROOT, "; load on %s changed by %.3g N",
                            hand.forceChannels().get(s.loadAxis()), loadAfter - loadBefore);
                    if (peak > s.frictionRatio()) {
                        agreeing++;
                        evidence.add(new Evidence(hand.wristStream(), hand.forceChannels(), peakBin * w, end * w,
                                String.format(Locale.ROOT, "hand %s: tangential/normal force ratio reached %.2f"
                                        + " (above %.2f)%s", hand.name(), peak, s.frictionRatio(), load)));
                    } else if (!load.isEmpty()) {
                        evidence.add(new Evidence(hand.wristStream(), hand.forceChannels(),
                                Math.max(start, collapse - ratioWindow) * w, end * w, String.format(Locale.ROOT,
                                "hand %s: tangential/normal force ratio at most %.2f%s", hand.name(), peak, load)));
                    }
                }
                drops.add(new Drop(collapse * w, end * w, (double) agreeing / checks, evidence));
            }
            if (lastEnd >= 0) {
                lastEnds.add(lastEnd);
            }
        }
        drops.sort(Comparator.comparingLong(Drop::timeNanos));
        List<Drop> merged = new ArrayList<>();
        long fusionNanos = t.fusionWindowNanos();
        for (Drop drop : drops) {
            Drop last = merged.isEmpty() ? null : merged.getLast();
            if (last != null && drop.timeNanos() - last.timeNanos() <= fusionNanos) {
                List<Evidence> evidence = new ArrayList<>(last.evidence());
                evidence.addAll(drop.evidence());
                merged.set(merged.size() - 1, new Drop(last.timeNanos(), Math.max(last.releaseNanos(),
                        drop.releaseNanos()), Math.max(last.confidence(), drop.confidence()), evidence));
            } else {
                merged.add(drop);
            }
        }
        List<Proposal> slips = new ArrayList<>();
        for (Drop drop : merged) {
            slips.add(new Proposal(ProposalType.EVENT, settings.contactDefinition(), SLIP_CLASS, drop.timeNanos(),
                    drop.timeNanos(), SOURCE, VERSION, drop.confidence(), drop.evidence()));
        }
        return new Result(List.copyOf(slips), attempts(held, merged), !lastEnds.isEmpty() && lastEnds.stream().allMatch(e -> e == 0));
    }

    /**
     * The union of every hand's held contacts ({start, end, ended}); an attempt is dropped when a drop starts
     * inside it.
     */
    private static List<Attempt> attempts(List<long[]> held, List<Drop> drops) {
        List<long[]> all = new ArrayList<>(held);
        all.sort(Comparator.comparingLong(a -> a[0]));
        List<long[]> union = new ArrayList<>();
        for (long[] a : all) {
            long[] last = union.isEmpty() ? null : union.getLast();
            if (last != null && a[0] <= last[1]) {
                last[1] = Math.max(last[1], a[1]);
                last[2] = Math.min(last[2], a[2]);
            } else {
                union.add(a.clone());
            }
        }
        List<Attempt> out = new ArrayList<>();
        for (long[] a : union) {
            boolean dropped = drops.stream().anyMatch(d -> d.timeNanos() >= a[0] && d.timeNanos() <= a[1]);
            out.add(new Attempt(a[0], a[1], dropped, a[2] == 1));
        }
        return List.copyOf(out);
    }

    /** Rate of the gripper's closure (mean of its channels, smoothed), positive = closing, per second. */
    static float[] closureRate(SignalSource source, ProposerSettings settings, ProposerSettings.Hand hand)
            throws IOException {
        long w = settings.binNanos();
        Bins bins = Bins.meanOfChannels(source, hand.gripperStream(), hand.gripperChannels(),
                "gripper of hand " + hand.name(), w);
        float[] closure = Bins.smooth(Bins.fillGaps(bins.values[0], Bins.bins(settings.motion().maxGapNanos(), w)),
                Bins.oddWindow(settings.motion().smoothingNanos(), w));
        float[] rate = new float[closure.length];
        double sign = hand.gripperClosesUpwards() ? 1 : -1;
        for (int i = 0; i < closure.length; i++) {
            int a = Math.max(0, i - 1);
            int b = Math.min(closure.length - 1, i + 1);
            rate[i] = b == a ? Float.NaN : (float) (sign * (closure[b] - closure[a]) / ((b - a) * w / 1e9));
        }
        return rate;
    }

    private static double tareOf(float[] x, int bins) {
        int first = 0;
        while (first < x.length && Float.isNaN(x[first])) {
            first++;
        }
        double median = Bins.median(x, first, first + bins);
        return Double.isNaN(median) ? 0 : median;
    }

    private static double mean(float[] x, int from, int to) {
        double sum = 0;
        int n = 0;
        for (int i = Math.max(0, from); i < Math.min(to, x.length); i++) {
            if (!Float.isNaN(x[i])) {
                sum += x[i];
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static double min(float[] x, int from, int to) {
        double m = Double.NaN;
        for (int i = Math.max(0, from); i < Math.min(to, x.length); i++) {
            if (!Float.isNaN(x[i]) && !(x[i] >= m)) {
                m = x[i];
            }
        }
        return m;
    }
}
