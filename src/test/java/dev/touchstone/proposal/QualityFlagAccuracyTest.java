package dev.touchstone.proposal;

import dev.touchstone.ingest.generator.GeneratorOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quality proposers on 30 generated episodes (run seed 2026, episodes 0-29, the generator's small 20 s options;
 * the seeds the thresholds were set on): the flags must rank the failed and slipped demonstrations above the clean
 * ones, and the slip events must match the ground truth's slip onsets. QualityFlagBenchmark measures unseen seeds.
 */
class QualityFlagAccuracyTest {

    @Test
    void flagsRankBadDemonstrationsFirstAndSlipsMatchWithin100Ms(@TempDir Path folder) throws IOException {
        QualityProposers proposers = new QualityProposers(ProposerSettings.defaults(), QualitySettings.defaults());

        List<FlagEvaluation.Episode> episodes = FlagEvaluation.run(folder, 2026, 0, 30, GeneratorOptions.small(),
                proposers, false);

        assertThat(episodes.stream().filter(FlagEvaluation.Episode::bad).count()).as("slipped or failed episodes")
                .isGreaterThanOrEqualTo(5);
        assertThat(FlagEvaluation.auc(episodes, e -> e.verdict().score())).as("ROC AUC of the verdict score")
                .isGreaterThanOrEqualTo(0.85);
        int trueSlips = episodes.stream().mapToInt(FlagEvaluation.Episode::trueSlips).sum();
        int proposed = episodes.stream().mapToInt(FlagEvaluation.Episode::proposedSlips).sum();
        int matched = episodes.stream().mapToInt(FlagEvaluation.Episode::matchedSlips).sum();
        assertThat(2.0 * matched / (trueSlips + proposed)).as("slip F1 at 100 ms (%d matched, %d true, %d proposed)",
                matched, trueSlips, proposed).isGreaterThanOrEqualTo(0.9);
        // The generator's operator settles each grasp and slows to a near stop where movements join: neither is a
        // hesitation, and nothing else about a clean episode is over a threshold.
        assertThat(episodes.stream().filter(e -> !e.bad() && !e.verdict().accept())
                .map(e -> e.index() + " " + e.verdict().classes()).toList()).as("clean episodes rejected").isEmpty();
        assertThat(episodes).allSatisfy(e -> {
            assertThat(e.quality().slips()).allSatisfy(slip -> assertThat(slip.evidence()).isNotEmpty());
            assertThat(e.flags().value(QualityFlags.PATH_RATIO)).isPositive();
        });
        long outcomeRight = episodes.stream().filter(e -> QualityFlagBenchmark.expectedOutcome(e.outcome())
                .equals(e.quality().graspOutcome().classes().getFirst())).count();
        assertThat(outcomeRight).as("grasp outcomes right").isGreaterThanOrEqualTo(27);
    }
}
