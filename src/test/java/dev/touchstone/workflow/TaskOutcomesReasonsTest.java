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
        List<String> reasons = reasons(by(1, phase("reach", 0, 3 * S)), by(2, phase("grasp", 0, 3 * S)));
        assertThat(reasons).isNotEmpty();
        for (String reason : reasons) {
            assertThat(reason).doesNotContainPattern("\\d{5,}").doesNotContain(" ns").doesNotContainPattern(
                    "\\d\\.\\d{3,}");
        }
        assertThat(String.join("; ", reasons)).contains("33.3 ms (30 fps)");
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
}
