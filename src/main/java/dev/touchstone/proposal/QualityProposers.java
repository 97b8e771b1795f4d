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
    public static final String VERDICT_VERSION = "1";
    public static final String OUTCOME_SOURCE = "signals.outcome";
    public static final String OUTCOME_VERSION = "1";
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
     * Fail when nothing was grasped or the last attempt ended in a drop; slip when an earlier attempt failed but the
     * last one was put down (the gripper opened); success when the only attempt was put down. Confidence: the
     * deciding drop's confidence for a fail by drop, 1 otherwise (the rule is as sure as the contacts it reads).
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
                List.of(new Evidence("", List.of(), last.startNanos(), last.endNanos(),
                        "one grasp, ended with the gripper opening")));
    }

    /**
     * Adds the task-relative flags to each episode's flags: {@code path.ratio} (path length over the task's median)
     * and {@code duration.z} (robust z-score of the duration: (d − median) / (1.4826 · MAD), the scale floored at 1 %
     * of the median so that identical durations do not make a millisecond an outlier). With fewer than {@link
     * #MIN_TASK_EPISODES} episodes both are NaN. The order of the list is kept.
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
                            durations[i], durationMedian, scale, episodes.size()))).toList()))));
        }
        return out;
    }

    /** A reason's test: the flag's value over the threshold; ≥ 1 rejects. */
    private record Check(String reason, String flag, double threshold) {
    }

    /**
     * The suggested {@code quality} verdict: each flag with a reject threshold is divided by it; a ratio ≥ 1
     * rejects with that flag's reason. The score is the largest ratio (0 without any); the confidence is how many
     * doublings the score is from 1, capped at one: min(1, |log₂ score|) (1 when the score is 0). Flags that are
     * NaN or missing (task-relative ones before {@link #withinTask}) are skipped.
     */
    public ValueProposal verdict(QualityFlags flags) {
        QualitySettings.VerdictThresholds t = quality.verdict();
        List<Check> checks = List.of(new Check("too_noisy", QualityFlags.JERK_P95, t.jerkP95()),
                new Check("too_noisy", QualityFlags.SATURATION, t.saturationSeconds()),
                new Check("too_slow", QualityFlags.DURATION_Z, t.durationZ()),
                new Check("too_slow", QualityFlags.PATH_RATIO, t.pathRatio()),
                new Check("hesitation", QualityFlags.HESITATION, t.hesitationSeconds()),
                new Check("failed_attempt", QualityFlags.GRASP_FAILED, t.failedAttempts()),
                new Check("sensor_dropout", QualityFlags.DROPOUT_LONGEST, t.longestGapSeconds()));
        double score = 0;
        List<String> reasons = new ArrayList<>();
        List<Evidence> evidence = new ArrayList<>();
        for (Check check : checks) {
            double value = flags.value(check.flag());
            if (Double.isNaN(value)) {
                continue;
            }
            double ratio = value / check.threshold();
            score = Math.max(score, ratio);
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
        reasons.sort((a, b) -> Integer.compare(REASONS.indexOf(a), REASONS.indexOf(b)));
        double confidence = score == 0 ? 1 : Math.min(1, Math.abs(Math.log(score) / Math.log(2)));
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
