package dev.touchstone.proposal;

import dev.touchstone.proposal.ProposerSettings.Landmark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Phase spans from the arms' speed, the gripper's opening and the first contact: the arms' movements are cut out of
 * the speed (still between them, or a deep dip between two peaks), landmarks are taken from them relative to the
 * first contact and the gripper's last opening, and the plan in {@link ProposerSettings.PhasePlan} says at which
 * landmark each of the schema's phase classes starts. docs/proposals.md has the rules and the failure modes.
 */
final class PhaseProposer {

    static final String SOURCE = "signals.phase";
    static final String VERSION = "4";

    /** A movement in bins [start, end) with its boundary times and how clearly the speed marks each of them. */
    record Movement(long startNanos, long endNanos, double startClarity, double endClarity, double peak) {
    }

    /** A landmark's time, clarity in [0, 1] and the evidence for it. */
    private record Mark(long nanos, double clarity, List<Evidence> evidence) {
    }

    private PhaseProposer() {
    }

    static List<Proposal> propose(SignalSource source, ProposerSettings settings, List<String> schemaPhaseClasses,
                                  ContactProposer.Result contacts) throws IOException {
        ProposerSettings.PhasePlan plan = settings.phases();
        checkPlan(plan, schemaPhaseClasses);
        ProposerSettings.MotionThresholds m = settings.motion();
        long w = settings.binNanos();
        List<Evidence> armSources = new ArrayList<>();
        long[] end = {0};
        List<float[]> velocities = new ArrayList<>();
        float[] speed = speed(source, settings, armSources, end, velocities);
        int n = speed.length;
        List<Movement> movements = joinHesitations(movements(speed, w, scaledToEpisode(m, speed)), velocities, w);
        long endNanos = Math.max(end[0] + 1, (long) n * w);

        Map<Landmark, Mark> marks = new EnumMap<>(Landmark.class);
        marks.put(Landmark.EPISODE_START, new Mark(0, 1, List.of()));
        long contact = contacts.firstContactNanos();
        Mark opening = gripperOpening(source, settings, contact, n);
        if (contact >= 0) {
            List<Evidence> contactEvidence = contacts.proposals().stream()
                    .filter(p -> p.startNanos() == contact && p.classKey().equals(settings.contactOnClass()))
                    .flatMap(p -> p.evidence().stream()).toList();
            Movement approach = null;
            Movement afterContact = null;
            for (Movement movement : movements) {
                if (movement.startNanos() < contact) {
                    approach = movement;
                } else if (afterContact == null) {
                    afterContact = movement;
                }
            }
            if (approach != null) {
                marks.put(Landmark.APPROACH_START, mark(approach, true, armSources,
                        "start of the last movement before the first contact", contactEvidence));
            }
            if (afterContact != null) {
                marks.put(Landmark.MOTION_AFTER_CONTACT_START, mark(afterContact, true, armSources,
                        "start of the first movement after the first contact", contactEvidence));
                marks.put(Landmark.MOTION_AFTER_CONTACT_END, mark(afterContact, false, armSources,
                        "end of the first movement after the first contact", contactEvidence));
            }
        }
        if (opening != null) {
            marks.put(Landmark.GRIPPER_OPENING, opening);
            Movement beforeOpening = null;
            Movement afterOpening = null;
            for (Movement movement : movements) {
                if (movement.startNanos() < opening.nanos()) {
                    beforeOpening = movement;
                } else if (afterOpening == null) {
                    afterOpening = movement;
                }
            }
            if (beforeOpening != null) {
                marks.put(Landmark.MOTION_BEFORE_OPENING_START, mark(beforeOpening, true, armSources,
                        "start of the last movement before the gripper's last opening", opening.evidence()));
            }
            if (afterOpening != null) {
                marks.put(Landmark.MOTION_AFTER_OPENING_END, mark(afterOpening, false, armSources,
                        "end of the first movement after the gripper's last opening", opening.evidence()));
            }
        }

        // Boundaries in plan order; a phase is proposed only when both of its ends are known and in order.
        List<ProposerSettings.PhaseRule> rules = plan.rules();
        Mark[] starts = new Mark[rules.size() + 1];
        for (int i = 0; i < rules.size(); i++) {
            starts[i] = marks.get(rules.get(i).start());
        }
        starts[rules.size()] = new Mark(endNanos, 1, List.of());
        List<Proposal> proposals = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            Mark from = starts[i];
            Mark to = starts[i + 1];
            if (from == null || to == null || to.nanos() <= from.nanos()) {
                continue;
            }
            if (i > 0 && starts[i - 1] != null && starts[i - 1].nanos() >= from.nanos()) {
                continue;
            }
            // Both ends may rest on the same anchor (the gripper's opening, the first contact): list it once.
            List<Evidence> evidence = new ArrayList<>(new LinkedHashSet<>(from.evidence()));
            to.evidence().stream().filter(e -> !evidence.contains(e)).forEach(evidence::add);
            proposals.add(new Proposal(ProposalType.PHASE, plan.definition(), rules.get(i).phaseClass(), from.nanos(),
                    to.nanos(), SOURCE, VERSION, Math.min(from.clarity(), to.clarity()), evidence));
        }
        return proposals;
    }

    /**
     * The arms' speed per bin: the norm over every arm's velocity channels, each channel binned, gap-filled and
     * smoothed first so that noise averages out before it is squared.
     */
    static float[] speed(SignalSource source, ProposerSettings settings, List<Evidence> armSources, long[] end)
            throws IOException {
        return speed(source, settings, armSources, end, new ArrayList<>());
    }

    /** @param velocities receives every arm channel, binned, gap-filled and smoothed */
    static float[] speed(SignalSource source, ProposerSettings settings, List<Evidence> armSources, long[] end,
                         List<float[]> velocities) throws IOException {
        ProposerSettings.MotionThresholds m = settings.motion();
        long w = settings.binNanos();
        int maxGap = Bins.bins(m.maxGapNanos(), w);
        int smoothing = Bins.oddWindow(m.smoothingNanos(), w);
        List<float[]> channels = new ArrayList<>();
        for (ProposerSettings.Hand hand : settings.hands()) {
            Bins bins = Bins.eachChannel(source, hand.armStream(), hand.armVelocityChannels(),
                    "arm of hand " + hand.name(), w);
            end[0] = Math.max(end[0], bins.lastNanos);
            for (float[] channel : bins.values) {
                channels.add(Bins.smooth(Bins.fillGaps(channel, maxGap), smoothing));
            }
            armSources.add(new Evidence(hand.armStream(), hand.armVelocityChannels(), 0, 0, ""));
        }
        velocities.addAll(channels);
        int n = channels.stream().mapToInt(c -> c.length).max().orElseThrow();
        float[] speed = new float[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            int valid = 0;
            for (float[] channel : channels) {
                float v = i < channel.length ? channel[i] : Float.NaN;
                if (!Float.isNaN(v)) {
                    sum += (double) v * v;
                    valid++;
                }
            }
            // A dropout of one arm's stream leaves the others: scale their sum of squares up to all channels, so
            // the speed does not halve (both arms move together in the tasks this plan is for).
            speed[i] = valid == 0 ? Float.NaN : (float) Math.sqrt(sum * channels.size() / valid);
        }
        return speed;
    }

    /**
     * A movement whose peak reaches this fraction of the episode's top arm speed counts even below the high speed
     * threshold; see {@link #scaledToEpisode}.
     */
    static final double HIGH_SPEED_OF_TOP = 0.15;

    /**
     * The motion thresholds with the high speed lowered to {@link #HIGH_SPEED_OF_TOP} × the episode's top arm
     * speed where that is lower (never below 1.5 × the low speed). A slow operator or a long episode slows every
     * movement alike: the short final approach before the grasp then peaks below the fixed high threshold, is not
     * a movement, and the reach is taken for the approach, so neither reach nor grasp is proposed (the demo's
     * 64 s episode synthetic-1-0000). Relative to the top speed the approach still stands far above the still
     * between movements.
     */
    static ProposerSettings.MotionThresholds scaledToEpisode(ProposerSettings.MotionThresholds m, float[] speed) {
        double top = 0;
        for (float v : speed) {
            if (v > top) {
                top = v;
            }
        }
        double high = Math.max(1.5 * m.lowSpeed(), Math.min(m.highSpeed(), HIGH_SPEED_OF_TOP * top));
        if (high >= m.highSpeed()) {
            return m;
        }
        return new ProposerSettings.MotionThresholds(m.lowSpeed(), high, m.valleyRatio(), m.minMotionNanos(),
                m.lowOpeningRate(), m.highOpeningRate(), m.smoothingNanos(), m.maxGapNanos());
    }

    private static void checkPlan(ProposerSettings.PhasePlan plan, List<String> schemaPhaseClasses) {
        int previous = -1;
        for (ProposerSettings.PhaseRule rule : plan.rules()) {
            int index = schemaPhaseClasses.indexOf(rule.phaseClass());
            if (index < 0) {
                throw new ProposerInputException("The phase plan names class '" + rule.phaseClass()
                        + "', which the schema's phase definition '" + plan.definition() + "' does not have (it has "
                        + String.join(", ", schemaPhaseClasses) + ")");
            }
            if (index <= previous) {
                throw new ProposerInputException("The phase plan puts '" + rule.phaseClass()
                        + "' after a class that comes later in the schema; phases are mapped by their order");
            }
            previous = index;
        }
    }

    private static Mark mark(Movement movement, boolean start, List<Evidence> arms, String what,
                             List<Evidence> anchor) {
        long time = start ? movement.startNanos() : movement.endNanos();
        List<Evidence> evidence = new ArrayList<>();
        for (Evidence arm : arms) {
            evidence.add(new Evidence(arm.stream(), arm.channels(), movement.startNanos(), movement.endNanos(),
                    String.format(Locale.ROOT, "%s: a movement with peak speed %.3g", what, movement.peak())));
        }
        evidence.addAll(anchor);
        return new Mark(time, start ? movement.startClarity() : movement.endClarity(), evidence);
    }

    /**
     * The movements in a speed series: runs above the low threshold that reach the high one and last long enough,
     * split at deep dips. A run's start is placed from the times it crosses the low and the high threshold on the
     * way up, and its end from the same crossings on the way down, taking the speed to follow a minimum-jerk profile
     * ({@link MinimumJerk}) with the run's peak; a split's time is the dip's minimum. Where two extrapolated ends
     * overlap across a short still, both are set to the middle.
     */
    static List<Movement> movements(float[] series, long w, ProposerSettings.MotionThresholds m) {
        // Unknown stretches (a dropout of every stream, longer than the gaps filled on reading) are interpolated
        // between their neighbours, so a dropout inside a movement does not cut it in two; at the edges they are
        // still. A dropout that hides a whole stop merges two movements (docs/proposals.md, failure modes).
        float[] speed = Bins.fillGaps(series, Integer.MAX_VALUE);
        for (int k = 0; k < speed.length; k++) {
            if (Float.isNaN(speed[k])) {
                speed[k] = 0;
            }
        }
        List<Movement> out = new ArrayList<>();
        int minBins = Bins.bins(m.minMotionNanos(), w);
        int i = 0;
        while (i < speed.length) {
            if (!(speed[i] > m.lowSpeed())) {
                i++;
                continue;
            }
            int a = i;
            while (i < speed.length && speed[i] > m.lowSpeed()) {
                i++;
            }
            int b = i;
            List<int[]> parts = new ArrayList<>();
            split(speed, a, b, m, parts);
            for (int[] part : parts) {
                int from = part[0];
                int to = part[1];
                double peak = 0;
                for (int k = from; k < to; k++) {
                    peak = Math.max(peak, speed[k]);
                }
                if (peak < m.highSpeed() || to - from < minBins) {
                    continue;
                }
                long start;
                double startClarity;
                if (from == a) {
                    int high = from;
                    while (speed[high] < m.highSpeed()) {
                        high++;
                    }
                    start = MinimumJerk.riseStart(from * w, m.lowSpeed() / peak, high * w, m.highSpeed() / peak);
                    startClarity = 1;
                } else {
                    start = from * w + w / 2;
                    startClarity = 1 - speed[from] / Math.min(peak, peakBefore(speed, a, from));
                }
                long end;
                double endClarity;
                if (to == b) {
                    int high = to - 1;
                    while (speed[high] < m.highSpeed()) {
                        high--;
                    }
                    // The fall mirrors a rise: the same extrapolation with time running backwards.
                    end = -MinimumJerk.riseStart(-to * w, m.lowSpeed() / peak, -(high + 1) * w,
                            m.highSpeed() / peak);
                    endClarity = 1;
                } else {
                    end = to * w + w / 2;
                    endClarity = 1 - speed[to] / Math.min(peak, peakAfter(speed, to, b));
                }
                if (!out.isEmpty() && start < out.getLast().endNanos()) {
                    Movement previous = out.removeLast();
                    long middle = (start + previous.endNanos()) / 2;
                    out.add(new Movement(previous.startNanos(), middle, previous.startClarity(),
                            previous.endClarity(), previous.peak()));
                    start = middle;
                }
                if (end <= start) {
                    continue;
                }
                out.add(new Movement(start, end, clamp(startClarity), clamp(endClarity), peak));
            }
        }
        return out;
    }

    /** The longest still that can be a hesitation inside one movement. */
    static final long MAX_HESITATION_NANOS = 2_500_000_000L;
    /** How much of each side of a still its direction is taken from. */
    static final long DIRECTION_WINDOW_NANOS = 400_000_000L;
    /** Cosine between the arms' velocity before and after a still above which it is the same movement. */
    static final double SAME_DIRECTION = 0.8;

    /**
     * Joins two consecutive movements into one where the arms stop for at most {@link #MAX_HESITATION_NANOS} and
     * then go on in the same direction: the joint-velocity vector (every arm channel) averaged over the last
     * {@link #DIRECTION_WINDOW_NANOS} before the still and the first after it has a cosine of at least
     * {@link #SAME_DIRECTION}. That is an operator hesitating mid-movement; between two phases the direction
     * changes (up to lift, across to transport, down to place), so the phases' movements stay apart. Only across a
     * still (two movements split at a dip touch and are not joined), and only with two or more velocity channels: a
     * single channel has no direction to compare.
     */
    static List<Movement> joinHesitations(List<Movement> movements, List<float[]> velocities, long w) {
        if (velocities.size() < 2) {
            return movements;
        }
        List<Movement> out = new ArrayList<>();
        for (Movement movement : movements) {
            Movement previous = out.isEmpty() ? null : out.getLast();
            long still = previous == null ? -1 : movement.startNanos() - previous.endNanos();
            if (previous != null && still > 0 && still <= MAX_HESITATION_NANOS
                    && cosine(direction(velocities, previous.endNanos() - DIRECTION_WINDOW_NANOS,
                    previous.endNanos(), w), direction(velocities, movement.startNanos(),
                    movement.startNanos() + DIRECTION_WINDOW_NANOS, w)) >= SAME_DIRECTION) {
                out.removeLast();
                out.add(new Movement(previous.startNanos(), movement.endNanos(), previous.startClarity(),
                        movement.endClarity(), Math.max(previous.peak(), movement.peak())));
            } else {
                out.add(movement);
            }
        }
        return out;
    }

    private static double[] direction(List<float[]> velocities, long fromNanos, long toNanos, long w) {
        double[] mean = new double[velocities.size()];
        for (int c = 0; c < velocities.size(); c++) {
            float[] channel = velocities.get(c);
            double sum = 0;
            int count = 0;
            for (long b = Math.max(0, fromNanos / w); b < Math.min(channel.length, toNanos / w); b++) {
                if (!Float.isNaN(channel[(int) b])) {
                    sum += channel[(int) b];
                    count++;
                }
            }
            mean[c] = count == 0 ? 0 : sum / count;
        }
        return mean;
    }

    private static double cosine(double[] a, double[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    private static double clamp(double v) {
        return Double.isFinite(v) ? Math.clamp(v, 0, 1) : 0;
    }

    private static double peakBefore(float[] speed, int from, int to) {
        double peak = 0;
        for (int k = from; k < to; k++) {
            peak = Math.max(peak, speed[k]);
        }
        return peak;
    }

    private static double peakAfter(float[] speed, int from, int to) {
        return peakBefore(speed, from + 1, to);
    }

    /** Splits [a, b) at the deepest dip below valleyRatio × the lower of the peaks on either side, recursively. */
    private static void split(float[] speed, int a, int b, ProposerSettings.MotionThresholds m, List<int[]> out) {
        int best = -1;
        double bestRatio = m.valleyRatio();
        float[] leftPeak = new float[b - a];
        float running = 0;
        for (int k = a; k < b; k++) {
            running = Math.max(running, speed[k]);
            leftPeak[k - a] = running;
        }
        running = 0;
        for (int k = b - 1; k > a; k--) {
            // speed[k] is a candidate dip; right peak is the maximum over (k, b).
            if (k < b - 1) {
                running = Math.max(running, speed[k + 1]);
            }
            if (k == a || k == b - 1) {
                continue;
            }
            double lower = Math.min(leftPeak[k - 1 - a], running);
            if (lower < m.highSpeed()) {
                continue;
            }
            double ratio = speed[k] / lower;
            if (ratio < bestRatio) {
                bestRatio = ratio;
                best = k;
            }
        }
        if (best < 0) {
            out.add(new int[]{a, b});
            return;
        }
        split(speed, a, best, m, out);
        split(speed, best, b, m, out);
    }

    /**
     * The start of the gripper's last opening after the first contact (or anywhere, without one), from the mean
     * closure of every configured gripper; null when no gripper is configured or none opens.
     */
    private static Mark gripperOpening(SignalSource source, ProposerSettings settings, long contactNanos, int n)
            throws IOException {
        ProposerSettings.MotionThresholds m = settings.motion();
        long w = settings.binNanos();
        int maxGap = Bins.bins(m.maxGapNanos(), w);
        int smoothing = Bins.oddWindow(m.smoothingNanos(), w);
        double[] sum = new double[n];
        int[] count = new int[n];
        List<Evidence> sources = new ArrayList<>();
        for (ProposerSettings.Hand hand : settings.hands()) {
            if (hand.gripperStream() == null) {
                continue;
            }
            Bins bins = Bins.meanOfChannels(source, hand.gripperStream(), hand.gripperChannels(),
                    "gripper of hand " + hand.name(), w);
            float[] closure = Bins.smooth(Bins.fillGaps(Bins.length(bins.values[0], n), maxGap), smoothing);
            double sign = hand.gripperClosesUpwards() ? -1 : 1;
            // Opening rate, units per second, by a central difference over ±2 bins.
            for (int i = 2; i < n - 2; i++) {
                float a = closure[i - 2];
                float b = closure[i + 2];
                if (!Float.isNaN(a) && !Float.isNaN(b)) {
                    sum[i] += sign * (b - a) / (4.0 * w / 1e9);
                    count[i]++;
                }
            }
            sources.add(new Evidence(hand.gripperStream(), hand.gripperChannels(), 0, 0, ""));
        }
        if (sources.isEmpty()) {
            return null;
        }
        float[] rate = new float[n];
        for (int i = 0; i < n; i++) {
            rate[i] = count[i] == 0 ? Float.NaN : (float) (sum[i] / count[i]);
        }
        ProposerSettings.MotionThresholds asSpeed = new ProposerSettings.MotionThresholds(m.lowOpeningRate(),
                m.highOpeningRate(), m.valleyRatio(), m.minMotionNanos(), m.lowOpeningRate(), m.highOpeningRate(),
                m.smoothingNanos(), m.maxGapNanos());
        Movement last = null;
        for (Movement opening : movements(rate, w, asSpeed)) {
            if (contactNanos < 0 || opening.startNanos() > contactNanos) {
                last = opening;
            }
        }
        if (last == null) {
            return null;
        }
        List<Evidence> evidence = new ArrayList<>();
        for (Evidence gripper : sources) {
            evidence.add(new Evidence(gripper.stream(), gripper.channels(), last.startNanos(), last.endNanos(),
                    String.format(Locale.ROOT, "the gripper's last opening (peak opening rate %.3g per s)",
                            last.peak())));
        }
        return new Mark(last.startNanos(), last.startClarity(), evidence);
    }
}
