package dev.touchstone.proposal;

import dev.touchstone.ingest.generator.EpisodeGenerator;
import dev.touchstone.ingest.generator.GeneratorOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's first episode, synthetic-1-0000: what the demo generates (run seed 1, episode 0, the generator's default
 * options, 30 s nominal, with its default disturbances; ingest.GeneratorEpisodes). A slow operator stretches it to
 * 64 s and halves every speed, so the final approach before the grasp peaks at about 0.07 rad/s, below the fixed
 * high speed threshold (0.08). Phase version 3 then took the reach for the approach and proposed neither reach nor
 * grasp; version 4 lowers the high threshold relative to the episode's top speed.
 */
class DemoEpisodePhaseTest {

    private static final List<String> CLASSES = ProposerSettings.PhasePlan.pickAndPlace().rules().stream()
            .map(ProposerSettings.PhaseRule::phaseClass).toList();

    @Test
    void slowDemoEpisodeGetsEveryPhase(@TempDir Path folder) throws IOException {
        try (GeneratedEpisode episode = GeneratedEpisode.generate(folder, EpisodeGenerator.episodeSeed(1, 0),
                GeneratorOptions.defaults())) {
            assertThat(episode.disturbanceKinds()).as("the demo episode's disturbances").contains("slow_operator");
            assertThat(episode.durationNanos / 1e9).as("seconds").isGreaterThan(60);

            List<Proposal> proposals = new SignalProposers(ProposerSettings.defaults())
                    .propose(episode.signals, CLASSES);
            assertThat(proposals.stream().filter(p -> p.type() == ProposalType.PHASE).map(Proposal::classKey))
                    .containsExactlyElementsOf(CLASSES);
            ProposalScores scores = ProposalScores.score(episode, proposals, 0.1);
            assertThat(scores.missingBoundaries()).isZero();
            assertThat(scores.f1At50()).isEqualTo(1.0);
            // The approach's start is extrapolated from a slow, low rise: a looser bound than the benchmark's.
            assertThat(scores.boundaryErrorsMs()).hasSize(6)
                    .allSatisfy(error -> assertThat(error).isLessThanOrEqualTo(400.0));
        }
    }

    /** The demo's six episodes (touchstone.demo.episodes defaults to 6), as the demo generates them. */
    @Test
    void everyDemoEpisodeGetsEveryPhase(@TempDir Path folder) throws IOException {
        SignalProposers proposers = new SignalProposers(ProposerSettings.defaults());
        for (int i = 0; i < 6; i++) {
            try (GeneratedEpisode episode = GeneratedEpisode.generate(folder.resolve("e" + i),
                    EpisodeGenerator.episodeSeed(1, i), GeneratorOptions.defaults())) {
                ProposalScores scores = ProposalScores.score(episode,
                        proposers.propose(episode.signals, CLASSES), 0.1);
                assertThat(scores.missingBoundaries()).as("boundaries without a phase, synthetic-1-%04d", i).isZero();
                assertThat(scores.f1At50()).as("phase F1@50 of synthetic-1-%04d", i).isEqualTo(1.0);
            }
        }
    }
}
