package dev.touchstone.workflow.ui;

import dev.touchstone.proposal.EpisodeFlags;
import dev.touchstone.proposal.ValueProposal;
import dev.touchstone.workflow.TriageService;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The triage screen's confidence column: the lowest and mean over the proposals that have a confidence, how many
 * have none, "no confidence" when none has one (never a number nobody gave), and in the ascending sort the episodes
 * without a number after every episode with one.
 */
class TriageRowsTest {

    private static TriageService.Row row(String name, int proposals, int without, double lowest, double mean) {
        EpisodeFlags flags = new EpisodeFlags(UUID.randomUUID(), List.of(), 0, 10, new ValueProposal("quality",
                List.of(), true, "signals.verdict", "1", 1.0, 0.0, List.of()), null, proposals, without, lowest, mean,
                Instant.EPOCH);
        return new TriageService.Row(flags.episodeId(), name, 1, false, false, null, flags, null);
    }

    @Test
    void proposalsWithoutAConfidenceAreCountedNotScoredAndSortLast() {
        TriageService.Row scored = row("scored", 3, 0, 0.4, 0.7);
        TriageService.Row none = row("none", 2, 2, Double.NaN, Double.NaN);
        TriageService.Row some = row("some", 4, 1, 0.5, 0.6);
        TriageService.Row notMeasured = new TriageService.Row(UUID.randomUUID(), "unmeasured", 1, false, false, null,
                null, null);
        assertThat(TriageRows.confidence(scored)).isEqualTo("0.400 / 0.700");
        assertThat(TriageRows.confidence(none)).isEqualTo("no confidence");
        assertThat(TriageRows.confidence(some)).isEqualTo("0.500 / 0.600 · 1 without");
        assertThat(TriageRows.confidence(notMeasured)).isEqualTo("n/a");

        List<TriageService.Row> rows = new ArrayList<>(List.of(none, notMeasured, some, scored));
        rows.sort(TriageRows.byNumber(TriageRows::lowestConfidence));
        assertThat(rows.subList(0, 2)).containsExactly(scored, some);
        assertThat(rows.subList(2, 4)).containsExactlyInAnyOrder(none, notMeasured);
    }
}
