package dev.touchstone.workflow;

import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelSchemaJson;
import dev.touchstone.quality.AnnotatorLabels;
import dev.touchstone.quality.Consensus;
import dev.touchstone.quality.ConsensusResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Why a merged task goes to review, as the QA lead reads it (docs/workflow/review.md). */
class TaskOutcomesReasonsTest {

    static final long S = 1_000_000_000L;
    static final LabelSchema SCHEMA = LabelSchemaJson.humanoidStarter();
    static final ProjectSettings SETTINGS = ProjectSettings.defaults();

    private static AnnotatorLabels by(int annotator, Label... labels) {
        return new AnnotatorLabels(new UUID(0, annotator), List.of(labels));
    }

    private static Label outcome(String classKey) {
        return new Label.Value(UUID.randomUUID(), "grasp_outcome", null, List.of(classKey), null, null, null);
    }

    private static Label.Phase phase(String classKey, long start, long end) {
        return new Label.Phase(UUID.randomUUID(), "phase", "main", classKey, start, end);
    }

    private static List<String> reasons(AnnotatorLabels... submissions) {
        ConsensusResult result = Consensus.merge(SCHEMA, 10 * S, TaskOutcomes.DEFAULT_FRAME_NANOS,
                List.of(submissions));
        return TaskOutcomes.reasons(SCHEMA, result, SETTINGS);
    }

    @Test
    void aThreeWayTieGoesToReviewWithTheReasonTie() {
        // issue 17 item 4: this became "success" silently
        assertThat(reasons(by(1, outcome("success")), by(2, outcome("slip")), by(3, outcome("fail"))))
                .contains("Grasp outcome: tie between Success, Slip and Fail (1 vote each); Success chosen by the tie"
                        + " rule");
    }

    @Test
    void aWinnerBackedByLessThanAStrictMajorityGoesToReview() {
        // 2 of 4 is no strict majority, though slip has fewer (2-1-1)
        List<String> reasons = reasons(by(1, outcome("success")), by(2, outcome("success")), by(3, outcome("slip")),
                by(4, outcome("fail")));
        assertThat(reasons).contains("Grasp outcome: no majority: Success has 2 of 4 votes");
    }

    @Test
    void aClearMajorityAndAgreeingPhasesGiveNoReason() {
        assertThat(reasons(by(1, outcome("success"), phase("reach", 0, 3 * S)),
                by(2, outcome("success"), phase("reach", 0, 3 * S)),
                by(3, outcome("success"), phase("reach", 0, 3 * S)))).isEmpty();
    }

    @Test
    void reasonsAreReadableNumbersNotRawNanosecondsOrFloats() {
        // issue 17 item 10: reasons read like "F1@25 of segments over frames of 33401389 ns"
        ConsensusResult result = Consensus.merge(SCHEMA, 10 * S, TaskOutcomes.DEFAULT_FRAME_NANOS,
                List.of(by(1, phase("reach", 0, 3 * S), outcome("success")),
                        by(2, phase("grasp", 0, 3 * S), outcome("fail"))));
        List<String> reasons = TaskOutcomes.reasons(SCHEMA, result, SETTINGS);
        assertThat(reasons).as("phases; the outcome tie; the outcome agreement").hasSize(3);
        for (String reason : reasons) {
            assertThat(reason).doesNotContainPattern("\\d{5,}").doesNotContain(" ns").doesNotContainPattern(
                    "\\d\\.\\d{3,}");
        }
        assertThat(result.agreement().get("phase").measure()).contains("33.3 ms (30 fps)");
        assertThat(reasons.getFirst()).startsWith("Task phase: boundaries disagree — ");
    }

    @Test
    void aDefinitionNobodyLabelledGivesNoReasonEvenAtAThresholdOfOne() {
        ProjectSettings strict = new ProjectSettings(ReviewPolicy.DISAGREEMENT, 0, java.util.Map.of(),
                java.util.Map.of(dev.touchstone.labeling.LabelType.EVENT, 1.0), 0.7, 3);
        ConsensusResult result = Consensus.merge(SCHEMA, 10 * S, TaskOutcomes.DEFAULT_FRAME_NANOS,
                List.of(by(1, outcome("success")), by(2, outcome("success"))));
        assertThat(result.agreement().get("contact").labelled()).isFalse();
        assertThat(TaskOutcomes.reasons(SCHEMA, result, strict)).isEmpty();
    }

    @Test
    void aGraspPhaseShiftedByHalfItsLengthGoesToReviewWithAReasonAPersonUnderstands() {
        // issue 17 item 1: 30 s episode, reach/grasp/lift; B's 3 s grasp starts 1.5 s later. F1@25 scored 1.00.
        AnnotatorLabels a = by(1, phase("reach", 0, 10 * S), phase("grasp", 10 * S, 13 * S),
                phase("lift", 13 * S, 30 * S));
        AnnotatorLabels b = by(2, phase("reach", 0, 11_500_000_000L), phase("grasp", 11_500_000_000L, 14_500_000_000L),
                phase("lift", 14_500_000_000L, 30 * S));
        ConsensusResult result = Consensus.merge(SCHEMA, 30 * S, TaskOutcomes.DEFAULT_FRAME_NANOS, List.of(a, b));
        dev.touchstone.quality.DefinitionAgreement phase = result.agreement().get("phase");
        assertThat(phase.phase().f1At25()).as("what used to pass").isEqualTo(1.0);
        assertThat(phase.phase().uAlpha()).as("over all classes the long reach and lift hide it").isGreaterThan(0.9);
        assertThat(phase.phase().weakestClass()).isEqualTo("Grasp");
        assertThat(phase.agreement()).isCloseTo(0.66, org.assertj.core.api.Assertions.within(0.01));
        assertThat(phase.phase().boundaryErrorMs()).isCloseTo(1500, org.assertj.core.api.Assertions.within(1.0));
        assertThat(TaskOutcomes.reasons(SCHEMA, result, SETTINGS)).containsExactly(
                "Task phase: boundaries disagree — Grasp uα 0.66 below 0.80; mean boundary error 1,500 ms"
                        + " (uα 0.96 over all classes; F1@10/25/50 1.00/1.00/0.67)");
    }

    @Test
    void aOneFrameShiftPassesThePhaseThreshold() {
        long shift = TaskOutcomes.DEFAULT_FRAME_NANOS;
        AnnotatorLabels a = by(1, phase("reach", 0, 10 * S), phase("grasp", 10 * S, 13 * S),
                phase("lift", 13 * S, 30 * S));
        AnnotatorLabels b = by(2, phase("reach", 0, 10 * S + shift), phase("grasp", 10 * S + shift, 13 * S + shift),
                phase("lift", 13 * S + shift, 30 * S));
        ConsensusResult result = Consensus.merge(SCHEMA, 30 * S, TaskOutcomes.DEFAULT_FRAME_NANOS, List.of(a, b));
        assertThat(result.agreement().get("phase").agreement()).isGreaterThan(0.8);
        assertThat(TaskOutcomes.reasons(SCHEMA, result, SETTINGS)).isEmpty();
    }

    @Test
    void anOptionalBoundaryErrorLimitInMsSendsSmallerShiftsToReview() {
        // a 0.5 s shift of a 3 s grasp: above the 0.80 uα threshold, but 500 ms is above a 200 ms limit
        AnnotatorLabels a = by(1, phase("reach", 0, 10 * S), phase("grasp", 10 * S, 13 * S),
                phase("lift", 13 * S, 30 * S));
        AnnotatorLabels b = by(2, phase("reach", 0, 10_500_000_000L), phase("grasp", 10_500_000_000L, 13_500_000_000L),
                phase("lift", 13_500_000_000L, 30 * S));
        ConsensusResult result = Consensus.merge(SCHEMA, 30 * S, TaskOutcomes.DEFAULT_FRAME_NANOS, List.of(a, b));
        assertThat(result.agreement().get("phase").agreement()).isGreaterThan(0.8);
        assertThat(TaskOutcomes.reasons(SCHEMA, result, SETTINGS)).isEmpty();
        ProjectSettings limited = new ProjectSettings(ReviewPolicy.DISAGREEMENT, 0, java.util.Map.of(),
                java.util.Map.of(), 0.7, 3, 200.0);
        assertThat(TaskOutcomes.reasons(SCHEMA, result, limited)).singleElement().asString()
                .startsWith("Task phase: boundaries disagree — mean boundary error 500 ms above 200 ms (Grasp uα 0.96;");
    }

    @Test
    void gapsBelowTheThresholdGiveTheirOverallUAlphaNotAWeakestClassReason() {
        LabelSchema gaps = LabelSchemaJson.simToRealGaps();
        ConsensusResult result = Consensus.merge(gaps, 10 * S, TaskOutcomes.DEFAULT_FRAME_NANOS, List.of(
                by(1, new Label.Gap(UUID.randomUUID(), "gap", "friction", 2 * S, 6 * S, null)),
                by(2, new Label.Gap(UUID.randomUUID(), "gap", "latency", 2 * S, 6 * S, null))));
        double alpha = result.agreement().get("gap").agreement();
        assertThat(alpha).isLessThan(SETTINGS.threshold(dev.touchstone.labeling.LabelType.GAP));
        assertThat(TaskOutcomes.reasons(gaps, result, SETTINGS)).singleElement().asString()
                .startsWith("Sim-to-real gap: agreement " + String.format(java.util.Locale.ROOT, "%.2f", alpha))
                .contains("uα over all failure modes").doesNotContain("boundaries disagree");
    }
}
