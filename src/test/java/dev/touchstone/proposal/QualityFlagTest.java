package dev.touchstone.proposal;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The worked examples of docs/proposals.md, "Slips and drops" and "Quality flags and suggested verdict": a hand-made
 * 10 s episode of one hand whose numbers can be worked out by hand.
 */
class QualityFlagTest {

    private static final List<String> FORCE = List.of("force_x", "force_y", "force_z");

    private static ProposerSettings settings() {
        ProposerSettings.Hand hand = new ProposerSettings.Hand("left", "arm", List.of("v"), "grip", List.of("c"), true,
                "ft", FORCE, "pads", List.of());
        return ProposerSettings.defaults().withHands(List.of(hand));
    }

    private static double clamp01(double x) {
        return Math.clamp(x, 0, 1);
    }

    /**
     * The episode: the arm idles for 1 s, reaches (1-3 s, peak 0.5 rad/s), pauses 2 s (3-5 s, gripper still too),
     * closes the gripper (5.0-5.5 s; pads and wrist feel the object from 5.3 s), carries (5.5-8 s, peak 0.4 rad/s),
     * and idles to the end. With {@code drop}, the object slides (the tangential force grows by 9 N over 6.8-7.0 s,
     * against 10 N of grip) and falls out at 7.0 s (pressure and force gone within 50 ms) while the gripper stays
     * closed; it opens at 8.5 s. Without, the object is held until the gripper opens at 8.5-9.0 s and the pressure
     * fades with it. The arm stream has no samples in [9.0, 9.3) s; the wrist's samples in [1.5, 1.6) s are NaN.
     */
    private static SeriesSource episode(boolean drop, double effortAtLimitFrom) {
        java.util.function.DoubleUnaryOperator grip = t -> {
            double on = clamp01((t - 5.3) / 0.2);
            double off = drop ? 1 - clamp01((t - 7.0) / 0.05) : 1 - clamp01((t - 8.5) / 0.5);
            return on * off;
        };
        return new SeriesSource()
                .add("arm", List.of("v", "q", "effort"), 250, 10, (t, c) -> {
                    if (t >= 9.0 && t < 9.3) {
                        return Double.POSITIVE_INFINITY;
                    }
                    return switch (c) {
                        case 0 -> t >= 1 && t < 3 ? 0.5 * Math.sin(Math.PI * (t - 1) / 2)
                                : t >= 5.5 && t < 8 ? -0.4 * Math.sin(Math.PI * (t - 5.5) / 2.5) : 0;
                        case 1 -> 0.3 * Math.sin(t);
                        default -> t >= effortAtLimitFrom && t < effortAtLimitFrom + 0.3 ? 2.0
                                : 1 + 0.1 * Math.sin(3 * t);
                    };
                })
                .add("grip", List.of("c"), 250, 10, (t, c) -> 0.1 + 0.5 * clamp01((t - 5.0) / 0.5)
                        - 0.5 * clamp01((t - 8.5) / 0.5))
                .add("pads", List.of("a", "b", "c", "d"), 100, 10, (t, c) -> 2.0 * grip.applyAsDouble(t))
                .add("ft", FORCE, 1000, 10, (t, c) -> {
                    if (t >= 1.5 && t < 1.6) {
                        return Double.NaN;
                    }
                    double g = grip.applyAsDouble(t);
                    double sliding = drop ? 9 * clamp01((t - 6.8) / 0.2) * g : 0;
                    return switch (c) {
                        case 0 -> 0.2;
                        case 1 -> 10 * g;
                        default -> -6.4 - 3 * g - sliding;
                    };
                });
    }

    private static QualityProposers proposers(QualitySettings quality) {
        return new QualityProposers(settings(), quality);
    }

    @Test
    void aDropIsASlipEventWithItsEvidenceAndTheFlagsExplainTheVerdict() throws IOException {
        QualityProposers proposers = proposers(QualitySettings.defaults());

        QualityProposers.EpisodeQuality quality = proposers.assess(episode(true, 99));

        // The drop: pressure collapses at 7.0 s while the gripper stays at 0.6; the normal force collapses with it
        // and the tangential/normal ratio reached 12 N / 10 N = 1.2 > 1.0 before: all three checks agree.
        assertThat(quality.slips()).singleElement().satisfies(slip -> {
            assertThat(slip.classKey()).isEqualTo("slip");
            assertThat(slip.definition()).isEqualTo("contact");
            assertThat(slip.source()).isEqualTo("signals.slip");
            assertThat(slip.timeNanos() / 1e9).isCloseTo(7.0, within(0.03));
            assertThat(slip.confidence()).isEqualTo(1.0);
            assertThat(slip.evidence()).extracting(Evidence::stream).containsExactly("pads", "grip", "ft", "ft");
            assertThat(slip.evidence().get(3).note()).contains("ratio reached 1.2");
        });
        QualityFlags flags = quality.flags();
        assertThat(flags.value(QualityFlags.IDLE_HEAD)).isCloseTo(1.0, within(0.04));
        assertThat(flags.value(QualityFlags.IDLE_TAIL)).isCloseTo(2.0, within(0.04));
        assertThat(flags.trimStartNanos() / 1e9).isCloseTo(1.0, within(0.04));
        assertThat(flags.trimEndNanos() / 1e9).isCloseTo(8.0, within(0.04));
        // One pause, 3-5 s: the arm is still from 5.0 to 5.5 s too, but the gripper is closing then.
        assertThat(flags.value(QualityFlags.HESITATION)).isCloseTo(2.0, within(0.06));
        assertThat(flags.flag(QualityFlags.HESITATION).orElseThrow().spans()).singleElement()
                .satisfies(span -> assertThat(span.startNanos() / 1e9).isCloseTo(3.0, within(0.05)));
        // ∫|v| dt = 0.5 · 4/π + 0.4 · 5/π = 1.273 rad.
        assertThat(flags.value(QualityFlags.PATH_LENGTH)).isCloseTo(0.5 * 4 / Math.PI + 0.4 * 5 / Math.PI,
                within(0.02));
        assertThat(flags.value(QualityFlags.JERK_P95)).isBetween(1.0, 20.0);
        // The arm's 300 ms gap (nominal interval 4 ms) and the wrist's 100 ms of NaN samples.
        assertThat(flags.value(QualityFlags.DROPOUT_LONGEST)).isCloseTo(0.3, within(0.005));
        assertThat(flags.value(QualityFlags.DROPOUT_TOTAL)).isCloseTo(0.4, within(0.005));
        assertThat(flags.flag(QualityFlags.DROPOUT_TOTAL).orElseThrow().spans()).extracting(Evidence::stream)
                .containsExactly("ft", "arm");
        assertThat(flags.value(QualityFlags.DURATION)).isCloseTo(10.0, within(0.01));
        assertThat(flags.value(QualityFlags.SATURATION)).isZero();
        assertThat(flags.value(QualityFlags.GRASP_ATTEMPTS)).isEqualTo(1);
        assertThat(flags.value(QualityFlags.GRASP_FAILED)).isEqualTo(1);
        assertThat(flags.value(QualityFlags.DROPS)).isEqualTo(1);
        assertThat(quality.graspOutcome().classes()).containsExactly("fail");

        ValueProposal verdict = proposers.verdict(flags);
        assertThat(verdict.definition()).isEqualTo("quality");
        assertThat(verdict.accept()).isFalse();
        assertThat(verdict.classes()).containsExactly("hesitation", "failed_attempt");
        // The object was lost (grasp.failed 1 ≥ 1): the top band, 3 − 1/r with r the worst flag over its threshold,
        // hesitation ≈ 2.0 s / 0.4 s = 5; confidence min(1, log₂ 5) = 1.
        double ratio = flags.value(QualityFlags.HESITATION) / 0.4;
        assertThat(verdict.score()).isCloseTo(3 - 1 / ratio, within(1e-9));
        assertThat(verdict.confidence()).isEqualTo(1.0);
        assertThat(verdict.evidence()).isNotEmpty();
    }

    @Test
    void aReleaseWithTheGripperOpeningIsNotADrop() throws IOException {
        QualityProposers proposers = proposers(QualitySettings.defaults());

        QualityProposers.EpisodeQuality quality = proposers.assess(episode(false, 99));

        assertThat(quality.slips()).isEmpty();
        assertThat(quality.flags().value(QualityFlags.GRASP_FAILED)).isZero();
        assertThat(quality.graspOutcome().classes()).containsExactly("success");
        assertThat(proposers.verdict(quality.flags()).classes()).containsExactly("hesitation");
    }

    @Test
    void aParallelGripperWhoseApertureShrinksAsItClosesReadsTheSame() throws IOException {
        ProposerSettings.Hand hand = new ProposerSettings.Hand("left", "arm", List.of("v"), "aperture", List.of("c"),
                false, "ft", FORCE, "pads", List.of());
        QualityProposers proposers = new QualityProposers(ProposerSettings.defaults().withHands(List.of(hand)),
                QualitySettings.defaults());
        // The aperture is 0.7 minus the flexion-like closure of the other tests: it shrinks as the gripper closes.
        SeriesSource drop = episode(true, 99).add("aperture", List.of("c"), 250, 10,
                (t, c) -> 0.6 - 0.5 * clamp01((t - 5.0) / 0.5) + 0.5 * clamp01((t - 8.5) / 0.5));
        SeriesSource release = episode(false, 99).add("aperture", List.of("c"), 250, 10,
                (t, c) -> 0.6 - 0.5 * clamp01((t - 5.0) / 0.5) + 0.5 * clamp01((t - 8.5) / 0.5));

        assertThat(proposers.assess(drop).slips()).singleElement()
                .satisfies(slip -> assertThat(slip.timeNanos() / 1e9).isCloseTo(7.0, within(0.03)));
        assertThat(proposers.assess(release).slips()).isEmpty();
    }

    @Test
    void aJointHeldAtItsConfiguredLimitIsSaturation() throws IOException {
        QualitySettings quality = QualitySettings.defaults().withHealth(new QualitySettings.HealthFlags(3,
                200_000_000L, List.of(new QualitySettings.Limit("arm", "effort", -2.0, 2.0, 0.05))));

        QualityFlags flags = proposers(quality).assess(episode(false, 6.0)).flags();

        assertThat(flags.value(QualityFlags.SATURATION)).isCloseTo(0.3, within(0.005));
        assertThat(flags.flag(QualityFlags.SATURATION).orElseThrow().spans()).singleElement()
                .satisfies(span -> assertThat(span.channels()).containsExactly("effort"));
        assertThat(proposers(QualitySettings.defaults()).assess(episode(false, 6.0)).flags()
                .value(QualityFlags.SATURATION)).isZero();
        QualitySettings missing = QualitySettings.defaults().withHealth(new QualitySettings.HealthFlags(3,
                200_000_000L, List.of(new QualitySettings.Limit("arm", "torque", -2.0, 2.0, 0.05))));
        assertThatThrownBy(() -> proposers(missing).assess(episode(false, 6.0)))
                .isInstanceOf(ProposerInputException.class).hasMessageContaining("'torque'");
    }

    private static QualityFlags summary(double durationSeconds, double pathRadians) {
        return new QualityFlags(List.of(new Flag(QualityFlags.DURATION, durationSeconds, "s", List.of()),
                new Flag(QualityFlags.PATH_LENGTH, pathRadians, "rad", List.of())), 0, 0);
    }

    @Test
    void durationAndPathAreJudgedWithinTheTask() {
        List<QualityFlags> task = new ArrayList<>();
        double[] durations = {10, 11, 12, 13, 30};
        double[] paths = {4, 5, 5, 6, 10};
        for (int i = 0; i < durations.length; i++) {
            task.add(summary(durations[i], paths[i]));
        }

        List<QualityFlags> judged = QualityProposers.withinTask(task);

        // Median 12 s, absolute deviations 2, 1, 0, 1, 18: MAD 1 s, robust scale 1.4826 s.
        assertThat(judged.get(4).value(QualityFlags.DURATION_Z)).isCloseTo(18 / 1.4826, within(1e-9));
        assertThat(judged.get(0).value(QualityFlags.DURATION_Z)).isCloseTo(-2 / 1.4826, within(1e-9));
        assertThat(judged.get(4).value(QualityFlags.PATH_RATIO)).isCloseTo(2.0, within(1e-9));
        assertThat(judged.get(0).value(QualityFlags.PATH_RATIO)).isCloseTo(0.8, within(1e-9));
        QualityProposers proposers = proposers(QualitySettings.defaults());
        ValueProposal slow = proposers.verdict(judged.get(4));
        assertThat(slow.classes()).containsExactly("too_slow");
        // Rejected for quality: the middle band, 2 − 1/r with r = z / 3.
        assertThat(slow.score()).isCloseTo(2 - 1 / (18 / 1.4826 / 3.0), within(1e-9));
        assertThat(proposers.verdict(judged.get(2)).accept()).isTrue();
        // Identical durations: the scale is floored at 1 % of the median, so 10.05 s against 10 s is z = 0.5.
        List<QualityFlags> same = QualityProposers.withinTask(List.of(summary(10, 1), summary(10, 1),
                summary(10, 1), summary(10.05, 1)));
        assertThat(same.get(3).value(QualityFlags.DURATION_Z)).isCloseTo(0.5, within(1e-9));
        // Too few episodes for a task median.
        assertThat(QualityProposers.withinTask(List.of(summary(10, 1), summary(30, 1))).get(1)
                .value(QualityFlags.DURATION_Z)).isNaN();
    }

    /**
     * A regrasp: the gripper closes on the object (3.0-3.5 s), opens again (4.0-4.5 s: the pads and the wrist let
     * go as it opens), closes a second time (5.0-5.5 s), carries (5.5-8 s) and puts it down (8.5-9.0 s).
     */
    private static SeriesSource regrasp() {
        java.util.function.DoubleUnaryOperator closure = t -> 0.1 + 0.5 * clamp01((t - 3.0) / 0.5)
                - 0.5 * clamp01((t - 4.0) / 0.5) + 0.5 * clamp01((t - 5.0) / 0.5) - 0.5 * clamp01((t - 8.5) / 0.5);
        java.util.function.DoubleUnaryOperator grip = t -> clamp01((closure.applyAsDouble(t) - 0.4) / 0.2);
        return new SeriesSource()
                .add("arm", List.of("v", "q", "effort"), 250, 10, (t, c) -> switch (c) {
                    case 0 -> t >= 1 && t < 3 ? 0.5 * Math.sin(Math.PI * (t - 1) / 2)
                            : t >= 5.5 && t < 8 ? -0.4 * Math.sin(Math.PI * (t - 5.5) / 2.5) : 0;
                    case 1 -> 0.3 * Math.sin(t);
                    default -> 1 + 0.1 * Math.sin(3 * t);
                })
                .add("grip", List.of("c"), 250, 10, (t, c) -> closure.applyAsDouble(t))
                .add("pads", List.of("a", "b", "c", "d"), 100, 10, (t, c) -> 2.0 * grip.applyAsDouble(t))
                .add("ft", FORCE, 1000, 10, (t, c) -> {
                    double g = grip.applyAsDouble(t);
                    return switch (c) {
                        case 0 -> 0.2;
                        case 1 -> 10 * g;
                        default -> -6.4 - 3 * g;
                    };
                });
    }

    @Test
    void aRegraspIsARepeatedAttemptNotAFailure() throws IOException {
        QualityProposers proposers = proposers(QualitySettings.defaults());

        QualityProposers.EpisodeQuality quality = proposers.assess(regrasp());

        // Both contacts ended with the gripper opening: no drop, nothing lost, the outcome is a success.
        assertThat(quality.slips()).isEmpty();
        QualityFlags flags = quality.flags();
        assertThat(flags.value(QualityFlags.GRASP_ATTEMPTS)).isEqualTo(2);
        assertThat(flags.value(QualityFlags.GRASP_FAILED)).isZero();
        assertThat(flags.flag(QualityFlags.GRASP_ATTEMPTS).orElseThrow().spans().getFirst().note())
                .contains("grasped again");
        assertThat(quality.graspOutcome().classes()).containsExactly("success");
        assertThat(quality.graspOutcome().version()).isEqualTo("2");
        // The arm stood still through the regrasp (it stopped gradually at 3 s): no hesitation.
        assertThat(flags.value(QualityFlags.HESITATION)).isZero();
        // A repeated attempt rejects as failed_attempt (2 attempts / 2 = 1) in the quality band [1, 2), below any
        // episode whose object was lost.
        ValueProposal verdict = proposers.verdict(flags);
        assertThat(verdict.classes()).containsExactly("failed_attempt");
        assertThat(verdict.score()).isCloseTo(1.0, within(1e-9));
        assertThat(verdict.version()).isEqualTo("2");
    }

    private static QualityFlags noisy(double left, double right) {
        return new QualityFlags(List.of(new Flag(QualityFlags.NOISE_PREFIX + "left", left, "mean |Δ²x|", List.of(
                new Evidence("left", List.of(), 0, 1_000_000_000L, "left"))),
                new Flag(QualityFlags.NOISE_PREFIX + "right", right, "mean |Δ²x|", List.of(
                        new Evidence("right", List.of(), 0, 1_000_000_000L, "right")))), 0, 0);
    }

    @Test
    void noiseIsJudgedPerStreamAgainstTheTask() {
        // Stream medians over the task: left 1.0, right 0.02 (their scales differ fifty-fold).
        List<QualityFlags> judged = QualityProposers.withinTask(List.of(noisy(1.0, 0.02), noisy(0.9, 0.02),
                noisy(1.1, 0.08), noisy(1.0, 0.02), noisy(1.0, 0.03)));

        // Episode 2: left 1.1 (ratio 1.1), right 0.08 / 0.02 = 4: the right stream is the noisiest.
        assertThat(judged.get(2).value(QualityFlags.NOISE_RATIO)).isCloseTo(4.0, within(1e-9));
        assertThat(judged.get(2).flag(QualityFlags.NOISE_RATIO).orElseThrow().spans()).singleElement()
                .satisfies(span -> assertThat(span.stream()).isEqualTo("right"));
        assertThat(judged.get(0).value(QualityFlags.NOISE_RATIO)).isCloseTo(1.0, within(1e-9));
        QualityProposers proposers = proposers(QualitySettings.defaults());
        assertThat(proposers.verdict(judged.get(2)).classes()).containsExactly("too_noisy");
        assertThat(proposers.verdict(judged.get(0)).accept()).isTrue();
    }

    @Test
    void aLostObjectRanksAboveAnyQualityReject() {
        QualityProposers proposers = proposers(QualitySettings.defaults());
        QualityFlags verySlow = new QualityFlags(List.of(new Flag(QualityFlags.DURATION_Z, 300, "z", List.of()),
                new Flag(QualityFlags.GRASP_ATTEMPTS, 1, "count", List.of()),
                new Flag(QualityFlags.GRASP_FAILED, 0, "count", List.of())), 0, 0);
        QualityFlags dropped = new QualityFlags(List.of(new Flag(QualityFlags.GRASP_ATTEMPTS, 1, "count", List.of()),
                new Flag(QualityFlags.GRASP_FAILED, 1, "count", List.of())), 0, 0);
        QualityFlags neverHeld = new QualityFlags(List.of(new Flag(QualityFlags.GRASP_ATTEMPTS, 0, "count",
                List.of()), new Flag(QualityFlags.GRASP_FAILED, 0, "count", List.of())), 0, 0);

        // z 300 / 3 = 100: 2 − 1/100 = 1.99; a drop at its threshold: 3 − 1/1 = 2.
        assertThat(proposers.verdict(verySlow).score()).isCloseTo(1.99, within(1e-9));
        assertThat(proposers.verdict(dropped).score()).isEqualTo(2.0);
        assertThat(proposers.verdict(neverHeld).score()).isEqualTo(2.0);
        assertThat(proposers.verdict(neverHeld).classes()).containsExactly("failed_attempt");
    }

    @Test
    void rocAucIsTheMannWhitneyShareOfPairsOrderedRight() {
        // Pairs (bad, clean): (3,1) 1, (3,2) 1, (2,1) 1, (2,2) ½: 3.5 of 4.
        assertThat(FlagEvaluation.auc(new double[]{3, 2}, new double[]{1, 2})).isEqualTo(0.875);
        assertThat(FlagEvaluation.auc(new double[]{1}, new double[]{2})).isZero();
        assertThat(FlagEvaluation.auc(new double[]{}, new double[]{2})).isNaN();
    }
}
