package dev.touchstone.proposal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The per-episode quality flags (docs/proposals.md, "Quality flags and suggested verdict"). */
final class QualityFlagger {

    /** Most spans listed as a flag's evidence (the longest ones). */
    static final int MAX_SPANS = 5;

    private QualityFlagger() {
    }

    static QualityFlags flags(SignalSource source, ProposerSettings settings, QualitySettings quality,
                              SlipProposer.Result slips) throws IOException {
        long w = settings.binNanos();
        QualitySettings.MotionFlags m = quality.motion();
        int maxGap = Bins.bins(settings.motion().maxGapNanos(), w);
        int smooth = Bins.oddWindow(settings.motion().smoothingNanos(), w);
        List<float[]> velocities = new ArrayList<>();
        List<float[]> gripperRates = new ArrayList<>();
        List<String> armStreams = new ArrayList<>();
        List<String> armChannels = new ArrayList<>();
        for (ProposerSettings.Hand hand : settings.hands()) {
            Bins bins = Bins.eachChannel(source, hand.armStream(), hand.armVelocityChannels(),
                    "arm of hand " + hand.name(), w);
            for (float[] v : bins.values) {
                velocities.add(Bins.smooth(Bins.fillGaps(v, maxGap), smooth));
            }
            armStreams.add(hand.armStream());
            armChannels.addAll(hand.armVelocityChannels());
            if (hand.gripperStream() != null) {
                gripperRates.add(SlipProposer.closureRate(source, settings, hand));
            }
        }
        int n = velocities.stream().mapToInt(v -> v.length).max().orElse(0);
        float[] speed = new float[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            int known = 0;
            for (float[] v : velocities) {
                if (i < v.length && !Float.isNaN(v[i])) {
                    sum += v[i] * v[i];
                    known++;
                }
            }
            // An arm in a dropout: the others stand in, scaled up to every channel (as the phase proposer does).
            speed[i] = known == 0 ? Float.NaN : (float) Math.sqrt(sum * velocities.size() / known);
        }
        String arms = String.join(", ", armStreams);
        List<Flag> flags = new ArrayList<>();

        // Idle head and tail: before the arms first reach the idle speed, after they last leave it.
        int first = 0;
        while (first < n && !(speed[first] >= m.stillSpeed())) {
            first++;
        }
        int last = n - 1;
        while (last >= first && !(speed[last] >= m.stillSpeed())) {
            last--;
        }
        int headEnd = first;
        int tailStart = Math.max(headEnd, last + 1);
        long endNanos = n * w;
        flags.add(new Flag(QualityFlags.IDLE_HEAD, headEnd * w / 1e9, "s", headEnd == 0 ? List.of()
                : List.of(new Evidence(armStreams.getFirst(), armChannels, 0, headEnd * w, String.format(Locale.ROOT,
                "arm speed below %.3g rad/s from the start for %d ms (proposed trim)", m.stillSpeed(),
                headEnd * w / 1_000_000)))));
        flags.add(new Flag(QualityFlags.IDLE_TAIL, (n - tailStart) * w / 1e9, "s", tailStart >= n ? List.of()
                : List.of(new Evidence(armStreams.getFirst(), armChannels, tailStart * w, endNanos, String.format(
                Locale.ROOT, "arm speed below %.3g rad/s to the end for %d ms (proposed trim)", m.stillSpeed(),
                (n - tailStart) * w / 1_000_000)))));

        // Hesitation: mid-task runs with the arms and every gripper still.
        int minPause = Bins.bins(m.minPauseNanos(), w);
        double lowRate = settings.motion().lowOpeningRate();
        int abruptBins = Bins.bins(m.abruptNanos(), w);
        double fast = m.abruptShare() * quantile(speed, 0.95);
        List<long[]> pauses = new ArrayList<>();
        int run = -1;
        for (int i = headEnd; i <= tailStart; i++) {
            boolean still = i < tailStart && speed[i] < m.stillSpeed();
            if (still) {
                for (float[] rate : gripperRates) {
                    if (i < rate.length && Math.abs(rate[i]) >= lowRate) {
                        still = false;
                    }
                }
            }
            if (still && run < 0) {
                run = i;
            } else if (!still && run >= 0) {
                long from = run * w;
                boolean settling = slips.attempts().stream().anyMatch(a -> from >= a.startNanos()
                        && from - a.startNanos() <= m.settleNanos());
                // Into the pause at speed, and out of it at speed or by a gripper starting to move.
                boolean gripperMoves = i < tailStart && speed[i] < m.stillSpeed();
                boolean abrupt = m.abruptShare() == 0 || (peakNear(speed, run - abruptBins, run) >= fast
                        && (gripperMoves || peakNear(speed, i, i + abruptBins) >= fast));
                if (i - run >= minPause && !settling && abrupt) {
                    pauses.add(new long[]{run * w, i * w});
                }
                run = -1;
            }
        }
        double pauseSeconds = pauses.stream().mapToLong(p -> p[1] - p[0]).sum() / 1e9;
        flags.add(new Flag(QualityFlags.HESITATION, pauseSeconds, "s", longest(pauses).stream()
                .map(p -> new Evidence(arms, armChannels, p[0], p[1], String.format(Locale.ROOT,
                        "arms below %.3g rad/s and grippers still for %d ms mid-task", m.stillSpeed(),
                        (p[1] - p[0]) / 1_000_000))).toList()));

        // Jerk: second difference of each smoothed joint velocity at the jerk step, norm over the joints.
        int k = Bins.bins(m.jerkStepNanos(), w);
        double h = k * w / 1e9;
        float[] jerk = new float[n];
        Arrays.fill(jerk, Float.NaN);
        for (int i = Math.max(k, headEnd); i < Math.min(n - k, tailStart); i++) {
            double sum = 0;
            int known = 0;
            for (float[] v : velocities) {
                if (i + k < v.length && !Float.isNaN(v[i - k]) && !Float.isNaN(v[i]) && !Float.isNaN(v[i + k])) {
                    double j = (v[i + k] - 2 * v[i] + v[i - k]) / (h * h);
                    sum += j * j;
                    known++;
                }
            }
            jerk[i] = known == 0 ? Float.NaN : (float) Math.sqrt(sum * velocities.size() / known);
        }
        double p95 = quantile(jerk, 0.95);
        List<long[]> jerky = new ArrayList<>();
        run = -1;
        for (int i = 0; i <= n; i++) {
            boolean above = i < n && jerk[i] > p95;
            if (above && run < 0) {
                run = i;
            } else if (!above && run >= 0) {
                jerky.add(new long[]{run * w, i * w});
                run = -1;
            }
        }
        flags.add(new Flag(QualityFlags.JERK_P95, p95, "rad/s³", longest(jerky).stream()
                .map(p -> new Evidence(arms, armChannels, p[0], p[1], String.format(Locale.ROOT,
                        "joint jerk above its 95th percentile %.3g rad/s³", p95))).toList()));

        // Path length in joint space: the integral of the speed.
        double path = 0;
        for (float v : speed) {
            if (!Float.isNaN(v)) {
                path += v * (w / 1e9);
            }
        }
        flags.add(new Flag(QualityFlags.PATH_LENGTH, path, "rad", List.of(new Evidence(arms, armChannels, 0,
                endNanos, String.format(Locale.ROOT, "joint-space path of every arm: %.3g rad", path)))));

        // Dropouts and saturation of every configured stream.
        Set<String> streams = new LinkedHashSet<>();
        for (ProposerSettings.Hand hand : settings.hands()) {
            streams.add(hand.armStream());
            for (String s : new String[]{hand.gripperStream(), hand.wristStream(), hand.tactileStream()}) {
                if (s != null) {
                    streams.add(s);
                }
            }
        }
        List<Evidence> dropouts = new ArrayList<>();
        List<Evidence> saturated = new ArrayList<>();
        long firstSample = Long.MAX_VALUE;
        long lastSample = Long.MIN_VALUE;
        List<Flag> noise = new ArrayList<>();
        for (String stream : streams) {
            StreamHealth.Health health = StreamHealth.scan(source, stream, quality.health());
            noise.add(new Flag(QualityFlags.NOISE_PREFIX + stream, health.noise(), "mean |Δ²x|", List.of(
                    new Evidence(stream, List.of(), health.firstNanos() == Long.MIN_VALUE ? 0 : health.firstNanos(),
                            Math.max(0, health.lastNanos()), String.format(Locale.ROOT, "sample-to-sample noise of"
                            + " %s: mean |second difference| %.3g (median over its channels)", stream,
                            health.noise())))));
            if (health.lastNanos() != Long.MIN_VALUE) {
                firstSample = Math.min(firstSample, health.firstNanos());
                lastSample = Math.max(lastSample, health.lastNanos());
            }
            for (StreamHealth.Span s : health.dropouts()) {
                dropouts.add(new Evidence(stream, List.of(), s.startNanos(), s.endNanos(), s.note()));
            }
            for (StreamHealth.Span s : health.saturated()) {
                saturated.add(new Evidence(stream, List.of(s.channel()), s.startNanos(), s.endNanos(), s.note()));
            }
        }
        double dropoutTotal = dropouts.stream().mapToLong(e -> e.endNanos() - e.startNanos()).sum() / 1e9;
        double dropoutLongest = dropouts.stream().mapToLong(e -> e.endNanos() - e.startNanos()).max().orElse(0)
                / 1e9;
        flags.add(new Flag(QualityFlags.DROPOUT_TOTAL, dropoutTotal, "s", longestEvidence(dropouts)));
        flags.add(new Flag(QualityFlags.DROPOUT_LONGEST, dropoutLongest, "s", longestEvidence(dropouts).stream()
                .limit(1).toList()));
        flags.add(new Flag(QualityFlags.SATURATION, saturated.stream().mapToLong(e -> e.endNanos() - e.startNanos())
                .sum() / 1e9, "s", longestEvidence(saturated)));
        double duration = lastSample == Long.MIN_VALUE ? Double.NaN : (lastSample - firstSample) / 1e9;
        flags.add(new Flag(QualityFlags.DURATION, duration, "s", lastSample == Long.MIN_VALUE ? List.of()
                : List.of(new Evidence(String.join(", ", streams), List.of(), firstSample, lastSample,
                "first to last sample of the configured streams"))));

        // Grasp attempts: one that ended in a drop failed. One let go with the gripper opening and followed by
        // another is a regrasp: a repeated attempt (grasp.attempts), not a failure; the object was not lost.
        List<SlipProposer.Attempt> attempts = slips.attempts();
        List<Evidence> failed = new ArrayList<>();
        for (int i = 0; i < attempts.size(); i++) {
            SlipProposer.Attempt a = attempts.get(i);
            if (a.dropped()) {
                failed.add(new Evidence(contactStreams(settings), List.of(), a.startNanos(), a.endNanos(),
                        "grasp attempt " + (i + 1) + " of " + attempts.size() + " ended in a drop"));
            }
        }
        List<Evidence> attemptSpans = new ArrayList<>();
        for (int i = 0; i < attempts.size(); i++) {
            SlipProposer.Attempt a = attempts.get(i);
            attemptSpans.add(new Evidence(contactStreams(settings), List.of(), a.startNanos(), a.endNanos(),
                    a.dropped() ? "contact of any hand, ended in a drop" : i + 1 < attempts.size()
                            ? "contact of any hand, let go and grasped again (a repeated attempt)"
                            : "contact of any hand"));
        }
        flags.add(new Flag(QualityFlags.GRASP_ATTEMPTS, attempts.size(), "count", attemptSpans));
        flags.add(new Flag(QualityFlags.GRASP_FAILED, failed.size(), "count", failed));
        flags.addAll(noise);
        flags.add(new Flag(QualityFlags.DROPS, slips.slips().size(), "count", slips.slips().stream()
                .flatMap(p -> p.evidence().stream()).toList()));
        return new QualityFlags(flags, headEnd * w, Math.max(headEnd, tailStart) * w);
    }

    private static String contactStreams(ProposerSettings settings) {
        List<String> out = new ArrayList<>();
        for (ProposerSettings.Hand hand : settings.hands()) {
            if (hand.wristStream() != null) {
                out.add(hand.wristStream());
            }
            if (hand.tactileStream() != null) {
                out.add(hand.tactileStream());
            }
        }
        return String.join(", ", out);
    }

    private static List<long[]> longest(List<long[]> spans) {
        return spans.stream().sorted(Comparator.comparingLong((long[] p) -> p[0] - p[1])).limit(MAX_SPANS)
                .sorted(Comparator.comparingLong(p -> p[0])).toList();
    }

    private static List<Evidence> longestEvidence(List<Evidence> spans) {
        return spans.stream().sorted(Comparator.comparingLong((Evidence e) -> e.startNanos() - e.endNanos()))
                .limit(MAX_SPANS).sorted(Comparator.comparingLong(Evidence::startNanos)).toList();
    }

    /** Highest valid value in [from, to), 0 when none. */
    private static double peakNear(float[] x, int from, int to) {
        double peak = 0;
        for (int i = Math.max(0, from); i < Math.min(to, x.length); i++) {
            if (x[i] > peak) {
                peak = x[i];
            }
        }
        return peak;
    }

    /** The q-quantile of the valid values (nearest rank), NaN when there is none. */
    static double quantile(float[] x, double q) {
        float[] valid = new float[x.length];
        int n = 0;
        for (float v : x) {
            if (!Float.isNaN(v)) {
                valid[n++] = v;
            }
        }
        if (n == 0) {
            return Double.NaN;
        }
        Arrays.sort(valid, 0, n);
        return valid[Math.min(n - 1, (int) Math.ceil(q * n) - 1 < 0 ? 0 : (int) Math.ceil(q * n) - 1)];
    }
}
