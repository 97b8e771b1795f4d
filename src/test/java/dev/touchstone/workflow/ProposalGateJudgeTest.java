package dev.touchstone.workflow;

import dev.touchstone.labeling.LabelType;
import dev.touchstone.quality.SourceMeasures;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the gate says of a source's numbers against gold (docs/proposals.md, "Gate"), case by case. */
class ProposalGateJudgeTest {

    final ProposalGate gate = new ProposalGate(0.8, 0.9, 0.75, 3);

    static SourceMeasures events(int episodes, double f1) {
        return new SourceMeasures(episodes, 4, 4, null, null,
                new SourceMeasures.Events(f1, f1, f1, (int) Math.round(4 * f1), 10.0, 100), null, List.of());
    }

    static SourceMeasures values(int episodes, double accuracy) {
        return new SourceMeasures(episodes, episodes, episodes, null, null, null,
                new SourceMeasures.Values(null, accuracy, episodes), List.of());
    }

    static SourceMeasures notScored(int episodes, String why) {
        return new SourceMeasures(episodes, 2, 0, why, null, null, null, List.of());
    }

    @Test
    void aScoreAtOrAboveTheThresholdOfItsTypeOnEnoughGoldEpisodesPasses() {
        assertThat(gate.judge(LabelType.EVENT, events(3, 0.9))).isEqualTo(ProposalGate.Verdict.PASSES);
        assertThat(gate.judge(LabelType.EVENT, events(3, 0.875))).isEqualTo(ProposalGate.Verdict.FAILS);
        // values: accuracy against the value threshold, for categories, verdicts, ratings and numbers alike
        assertThat(gate.judge(LabelType.VERDICT, values(4, 0.75))).isEqualTo(ProposalGate.Verdict.PASSES);
        assertThat(gate.judge(LabelType.NUMBER, values(4, 0.5))).isEqualTo(ProposalGate.Verdict.FAILS);
    }

    @Test
    void tooFewGoldEpisodesOrNoNumberIsNotProven() {
        assertThat(gate.judge(LabelType.EVENT, events(2, 1.0))).isEqualTo(ProposalGate.Verdict.NOT_PROVEN);
        assertThat(gate.judge(LabelType.PHASE, null)).as("never compared").isEqualTo(ProposalGate.Verdict.NOT_PROVEN);
        assertThat(gate.judge(LabelType.EVENT, notScored(5, SourceMeasures.NO_REFERENCE)))
                .isEqualTo(ProposalGate.Verdict.NOT_PROVEN);
        // gold has the labels and the source proposed none of them: F1 0, a failure, not a lack of evidence
        assertThat(gate.judge(LabelType.EVENT, notScored(5, SourceMeasures.PROPOSED_NONE)))
                .isEqualTo(ProposalGate.Verdict.FAILS);
        assertThat(gate.judge(LabelType.EVENT, notScored(2, SourceMeasures.PROPOSED_NONE)))
                .isEqualTo(ProposalGate.Verdict.NOT_PROVEN);
    }

    @Test
    void typesWithoutAGoldScoreNeverPass() {
        assertThat(gate.judge(LabelType.BOX2D, null)).isEqualTo(ProposalGate.Verdict.NOT_SCORED);
        assertThat(gate.judge(LabelType.CATEGORY, notScored(9, SourceMeasures.NOT_SCORED_TYPE)))
                .as("a multi-class category").isEqualTo(ProposalGate.Verdict.NOT_SCORED);
    }

    @Test
    void thresholdsOutsideTheirRangeAreRefused() {
        assertThatThrownBy(() -> new ProposalGate(1.1, 0.9, 0.9, 1)).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> new ProposalGate(0.8, 0.9, Double.NaN, 1)).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> new ProposalGate(0.8, 0.9, 0.9, 0)).hasMessage(
                "Gold episodes before a source is proven: 1-1000");
    }
}
