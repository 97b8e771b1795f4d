package dev.touchstone.proposal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Slips and drops, demonstration-quality flags, a suggested verdict and a grasp outcome, from an episode's own
 * signals (docs/proposals.md, "Slips and drops" and "Quality flags and suggested verdict"). Pure, like {@link
 * SignalProposers}: reads through a {@link SignalSource}, changes nothing.
 * <pre>{@code
 * QualityProposers quality = new QualityProposers(ProposerSettings.defaults(), QualitySettings.defaults());
 * List<QualityProposers.EpisodeQuality> episodes = ...;           // quality.assess(source) per episode of a task
 * List<QualityFlags> flags = QualityProposers.withinTask(episodes.stream().map(EpisodeQuality::flags).toList());
 * ValueProposal verdict = quality.verdict(flags.get(i));         // accept, or reject with reasons
 * }</pre>
 */
public final class QualityProposers {

    public static final String VERDICT_SOURCE = "signals.verdict";
    public static final String VERDICT_VERSION = "2";
    public static final String OUTCOME_SOURCE = "signals.outcome";
    public static final String OUTCOME_VERSION = "2";
    /** The starter schema's definitions and classes these proposals fill. */
    public static final String VERDICT_DEFINITION = "quality";
    public static final String OUTCOME_DEFINITION = "grasp_outcome";
    /** At least this many episodes of a task before task-relative flags mean anything. */
    public static final int MIN_TASK_EPISODES = 3;

    /** The verdict's reason codes in the starter schema's order. */
    public static final List<String> REASONS = List.of("too_noisy", "too_slow", "hesitation", "failed_attempt",
            "sensor_dropout");

    private final ProposerSettings settings;
    private final QualitySettings quality;

    public QualityProposers(ProposerSettings settings, QualitySettings quality) {
        this.settings = settings;
        this.quality = quality;
    }

    /**
     * One episode's assessment.
     *
     * @param slips        {@code contact}/{@code slip} events, one per drop (source {@code signals.slip})
     * @param flags        the per-episode flags (without the task-relative ones)
     * @param graspOutcome the proposed {@code grasp_outcome}: success, slip or fail
     */
    public record EpisodeQuality(List<Proposal> slips, QualityFlags flags, ValueProposal graspOutcome) {
        public EpisodeQuality {
            slips = List.copyOf(slips);
        }
    }

    /**
     * @throws ProposerInputException when a configured stream or channel is missing or empty
     */
    public EpisodeQuality assess(SignalSource source) throws IOException {
        ContactProposer.Result contacts = ContactProposer.propose(source, settings);
        SlipProposer.Result slips = SlipProposer.propose(source, settings, quality, contacts);
        QualityFlags flags = QualityFlagger.flags(source, settings, quality, slips);
        return new EpisodeQuality(slips.slips(), flags, graspOutcome(slips, flags));
    }

    /**
     * Fail when nothing was grasped or the last attempt ended in a drop (or a hand still holds at the end); slip
     * when an earlier attempt ended in a drop but the last one was put down (the gripper opened); success when the
     * last attempt was put down and none was dropped, a regrasp included (the object was let go, not lost).
     * Confidence: the deciding drop's confidence for a fail by drop, 1 otherwise (the rule is as sure as the contacts
     * it reads).
     */
    private static ValueProposal graspOutcome(SlipProposer.Result slips, QualityFlags flags) {
        List<SlipProposer.Attempt> attempts = slips.attempts();
        Flag failed = flags.flag(QualityFlags.GRASP_FAILED).orElseThrow();
        if (attempts.isEmpty()) {
            return new ValueProposal(OUTCOME_DEFINITION, List.of("fail"), null, OUTCOME_SOURCE, OUTCOME_VERSION, 1,
                    1, List.of());
        }
        SlipProposer.Attempt last = attempts.getLast();
        if (last.dropped() || !slips.lastPlaced()) {
            double confidence = last.dropped() ? slips.slips().stream()
                    .filter(p -> p.timeNanos() >= last.startNanos() && p.timeNanos() <= last.endNanos())
                    .mapToDouble(Proposal::confidence).max().orElse(1) : 1;
            List<Evidence> evidence = last.dropped() ? failed.spans()
                    : List.of(new Evidence("", List.of(), last.startNanos(), last.endNanos(),
                    "the last contact did not end with the gripper opening"));
            return new ValueProposal(OUTCOME_DEFINITION, List.of("fail"), null, OUTCOME_SOURCE, OUTCOME_VERSION,
                    confidence, 1, evidence);
        }
        if (failed.value() > 0) {
            return new ValueProposal(OUTCOME_DEFINITION, List.of("slip"), null, OUTCOME_SOURCE, OUTCOME_VERSION, 1,
                    0.5, failed.spans());
        }
        return new ValueProposal(OUTCOME_DEFINITION, List.of("success"), null, OUTCOME_SOURCE, OUTCOME_VERSION, 1, 0,
                List.of(new Evidence("", List.of(), last.startNanos(), last.endNanos(), attempts.size() == 1
                        ? "one grasp, ended with the gripper opening"
                        : attempts.size() + " grasps, none dropped, the last ended with the gripper opening")));
    }

    /**
     * Adds the task-relative flags to each episode's flags: {@code path.ratio} (path length over the task's median)
     * and {@code duration.z} (robust z-score of the duration: (d − median) / (1.4826 · MAD), the scale floored at 1 %
     * of the median so that identical durations do not make a millisecond an outlier) and {@code noise.ratio} (the
     * largest of each stream's {@code noise.<stream>} over the task's median for that stream: sensors differ in scale,
     * the same sensor across a task should not). With fewer than {@link #MIN_TASK_EPISODES} episodes all three are
     * NaN. The order of the list is kept.
     *
     * @param episodes the flags of every episode of one task
     */
    public static List<QualityFlags> withinTask(List<QualityFlags> episodes) {
        double[] paths = episodes.stream().mapToDouble(f -> f.value(QualityFlags.PATH_LENGTH)).toArray();
        double[] durations = episodes.stream().mapToDouble(f -> f.value(QualityFlags.DURATION)).toArray();
        boolean enough = episodes.size() >= MIN_TASK_EPISODES;
        double pathMedian = median(paths);
        double durationMedian = median(durations);
        double[] deviations = Arrays.stream(durations).map(d -> Math.abs(d - durationMedian)).toArray();
        double scale = Math.max(1.4826 * median(deviations), 0.01 * Math.abs(durationMedian));
        List<String> noiseKeys = episodes.stream().flatMap(f -> f.flags().stream()).map(Flag::key)
                .filter(k -> k.startsWith(QualityFlags.NOISE_PREFIX) && !k.equals(QualityFlags.NOISE_RATIO))
                .distinct().toList();
        double[] noiseMedians = noiseKeys.stream().mapToDouble(k -> median(episodes.stream()
                .mapToDouble(f -> f.value(k)).toArray())).toArray();
        List<QualityFlags> out = new ArrayList<>();
        for (int index = 0; index < episodes.size(); index++) {
            int i = index;
            QualityFlags f = episodes.get(i);
            double ratio = enough && pathMedian > 0 ? paths[i] / pathMedian : Double.NaN;
            double z = enough && scale > 0 ? (durations[i] - durationMedian) / scale : Double.NaN;
            List<Evidence> pathSpans = f.flag(QualityFlags.PATH_LENGTH).map(Flag::spans).orElse(List.of());
            List<Evidence> durationSpans = f.flag(QualityFlags.DURATION).map(Flag::spans).orElse(List.of());
            out.add(f.with(List.of(
                    new Flag(QualityFlags.PATH_RATIO, ratio, "ratio", pathSpans.stream().map(e -> new Evidence(
                            e.stream(), e.channels(), e.startNanos(), e.endNanos(), String.format(Locale.ROOT,
                            "%.3g rad against the task's median %.3g rad over %d episodes", paths[i], pathMedian,
                            episodes.size()))).toList()),
                    new Flag(QualityFlags.DURATION_Z, z, "z", durationSpans.stream().map(e -> new Evidence(
                            e.stream(), e.channels(), e.startNanos(), e.endNanos(), String.format(Locale.ROOT,
                            "%.3g s against the task's median %.3g s (robust scale %.3g s) over %d episodes",
                            durations[i], durationMedian, scale, episodes.size()))).toList()),
                    noiseRatio(f, noiseKeys, noiseMedians, enough, episodes.size()))));
        }
        return out;
    }

    /** The noisiest stream relative to the task: max over streams of noise / the task's median for that stream. */
    private static Flag noiseRatio(QualityFlags f, List<String> keys, double[] medians, boolean enough, int count) {
        double worst = Double.NaN;
        String worstKey = null;
        for (int k = 0; k < keys.size(); k++) {
            double ratio = medians[k] > 0 ? f.value(keys.get(k)) / medians[k] : Double.NaN;
            if (!Double.isNaN(ratio) && !(ratio <= worst)) {
                worst = ratio;
                worstKey = keys.get(k);
            }
        }
        if (!enough || worstKey == null) {
            return new Flag(QualityFlags.NOISE_RATIO, Double.NaN, "ratio", List.of());
        }
        String key = worstKey;
        double ratio = worst;
        double median = medians[keys.indexOf(key)];
        return new Flag(QualityFlags.NOISE_RATIO, ratio, "ratio", f.flag(key).map(Flag::spans).orElse(List.of())
                .stream().map(e -> new Evidence(e.stream(), e.channels(), e.startNanos(), e.endNanos(),
                        String.format(Locale.ROOT, "the noisiest stream against the task: %s %.3g against the task's"
                                + " median %.3g over %d episodes", e.stream(), f.value(key), median, count)))
                .toList());
    }

    /** A reason's test: the flag's value over the threshold; ≥ 1 rejects. */
    private record Check(String reason, String flag, double threshold) {
    }

    /**
     * The suggested {@code quality} verdict. Each flag with a reject threshold is divided by it; a ratio ≥ 1
     * rejects with that flag's reason. The score orders episodes for review, worst first, in three bands:
     * <ul>
     *   <li>[0, 1) accepted: the largest ratio;</li>
     *   <li>[1, 2) rejected for quality: 2 − 1/r with r the largest ratio (a flag at its threshold 1, far over it
     *       towards 2);</li>
     *   <li>[2, 3) the object was lost ({@code grasp.failed} ≥ its threshold) or never grasped
     *       ({@code grasp.attempts} = 0): 3 − 1/r.</li>
     * </ul>
     * So a demonstration that failed its task ranks above one that was only slow or hesitant, however slow. The
     * confidence is how many doublings the largest ratio is from 1, capped at one: min(1, |log₂ r|) (1 when r is 0).
     * Flags that are NaN or missing (task-relative ones before {@link #withinTask}) are skipped.
     */
    public ValueProposal verdict(QualityFlags flags) {
        QualitySettings.VerdictThresholds t = quality.verdict();
        List<Check> checks = List.of(new Check("too_noisy", QualityFlags.JERK_P95, t.jerkP95()),
                new Check("too_noisy", QualityFlags.SATURATION, t.saturationSeconds()),
                new Check("too_noisy", QualityFlags.NOISE_RATIO, t.noiseRatio()),
                new Check("too_slow", QualityFlags.DURATION_Z, t.durationZ()),
                new Check("too_slow", QualityFlags.PATH_RATIO, t.pathRatio()),
                new Check("hesitation", QualityFlags.HESITATION, t.hesitationSeconds()),
                new Check("failed_attempt", QualityFlags.GRASP_FAILED, t.failedAttempts()),
                new Check("failed_attempt", QualityFlags.GRASP_ATTEMPTS, t.repeatedAttempts()),
                new Check("sensor_dropout", QualityFlags.DROPOUT_LONGEST, t.longestGapSeconds()));
        double largest = 0;
        List<String> reasons = new ArrayList<>();
        List<Evidence> evidence = new ArrayList<>();
        for (Check check : checks) {
            double value = flags.value(check.flag());
            if (Double.isNaN(value)) {
                continue;
            }
            double ratio = value / check.threshold();
            largest = Math.max(largest, ratio);
            if (ratio >= 1) {
                if (!reasons.contains(check.reason())) {
                    reasons.add(check.reason());
                }
                Flag flag = flags.flag(check.flag()).orElseThrow();
                evidence.add(new Evidence("", List.of(), flags.trimStartNanos(), flags.trimStartNanos(),
                        String.format(Locale.ROOT, "%s: %s = %.3g %s, threshold %.3g", check.reason(), check.flag(),
                                value, flag.unit(), check.threshold())));
                evidence.addAll(flag.spans());
            }
        }
        boolean lost = flags.value(QualityFlags.GRASP_FAILED) >= t.failedAttempts()
                || flags.value(QualityFlags.GRASP_ATTEMPTS) == 0;
        if (flags.value(QualityFlags.GRASP_ATTEMPTS) == 0) {
            largest = Math.max(largest, 1);
            if (!reasons.contains("failed_attempt")) {
                reasons.add("failed_attempt");
            }
            evidence.add(new Evidence("", List.of(), flags.trimStartNanos(), flags.trimStartNanos(),
                    "failed_attempt: no grasp attempt (nothing was held)"));
        }
        reasons.sort((a, b) -> Integer.compare(REASONS.indexOf(a), REASONS.indexOf(b)));
        double score = lost ? 3 - 1 / largest : largest >= 1 ? 2 - 1 / largest : largest;
        double confidence = largest == 0 ? 1 : Math.min(1, Math.abs(Math.log(largest) / Math.log(2)));
        return new ValueProposal(VERDICT_DEFINITION, reasons, reasons.isEmpty(), VERDICT_SOURCE, VERDICT_VERSION,
                confidence, score, evidence);
    }

    public static String slipSource() {
        return SlipProposer.SOURCE;
    }

    private static double median(double[] values) {
        double[] valid = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (valid.length == 0) {
            return Double.NaN;
        }
        int n = valid.length;
        return n % 2 == 1 ? valid[n / 2] : (valid[n / 2 - 1] + valid[n / 2]) / 2;
    }
}
