package dev.touchstone.proposal;

import dev.touchstone.ingest.generator.EpisodeGenerator;
import dev.touchstone.ingest.generator.GeneratorOptions;
import dev.touchstone.quality.engine.EventAgreement;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The quality proposers on generated episodes with known outcomes, shared by QualityFlagTest and
 * QualityFlagBenchmark. A demonstration is <b>bad</b> when the generator's outcome is slip or fail (its ground
 * truth), clean when it is success. Slip events are matched to the ground truth's {@code slip_onset} one-to-one
 * within the schema's 100 ms tolerance ({@link EventAgreement#match}).
 */
final class FlagEvaluation {

    /** One episode's result; {@code flags} include the task-relative flags, {@code verdict} is computed on them. */
    record Episode(int index, long seed, String outcome, QualityProposers.EpisodeQuality quality, QualityFlags flags,
                   ValueProposal verdict, int trueSlips, int proposedSlips, int matchedSlips,
                   List<Double> slipOffsetsMs, List<String> dropouts, long assessNanos) {

        boolean bad() {
            return !outcome.equals("success");
        }
    }

    private FlagEvaluation() {
    }

    /** Episodes {@code from .. from + count - 1} of a run seed; one task, so task-relative flags span all of them. */
    static List<Episode> run(Path root, long runSeed, int from, int count, GeneratorOptions options,
                             QualityProposers proposers, boolean verbose) throws IOException {
        List<Episode> partial = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            long seed = EpisodeGenerator.episodeSeed(runSeed, i);
            try (GeneratedEpisode episode = GeneratedEpisode.generate(root.resolve("e" + i), seed, options)) {
                long t0 = System.nanoTime();
                QualityProposers.EpisodeQuality quality = proposers.assess(episode.signals);
                long assessNanos = System.nanoTime() - t0;
                double[] truth = episode.eventSeconds("slip_onset", null);
                double[] proposed = quality.slips().stream().mapToDouble(p -> p.timeNanos() / 1e9).toArray();
                EventAgreement.Result r = EventAgreement.match(truth, proposed, 0.1);
                List<Double> offsets = new ArrayList<>();
                r.matches().forEach(m -> offsets.add(m.offsetS() * 1000));
                partial.add(new Episode(i, seed, episode.outcome, quality, quality.flags(), null, r.referenceEvents(),
                        r.otherEvents(), r.matched(), offsets, episode.dropouts, assessNanos));
                if (verbose) {
                    System.out.printf("generated %d/%d%n", i - from + 1, count);
                }
            }
        }
        List<QualityFlags> task = QualityProposers.withinTask(partial.stream().map(Episode::flags).toList());
        List<Episode> out = new ArrayList<>();
        for (int k = 0; k < partial.size(); k++) {
            Episode e = partial.get(k);
            QualityFlags flags = task.get(k);
            out.add(new Episode(e.index(), e.seed(), e.outcome(), e.quality(), flags, proposers.verdict(flags),
                    e.trueSlips(), e.proposedSlips(), e.matchedSlips(), e.slipOffsetsMs(), e.dropouts(),
                    e.assessNanos()));
        }
        return out;
    }

    /**
     * ROC AUC of a score that should be higher for bad episodes: the Mann-Whitney U statistic over every
     * (bad, clean) pair, a pair counting 1 when the bad episode scores higher, 1/2 on a tie, 0 otherwise, divided
     * by the number of pairs. Exact (no curve interpolation). NaN when either group is empty.
     */
    static double auc(double[] bad, double[] clean) {
        if (bad.length == 0 || clean.length == 0) {
            return Double.NaN;
        }
        double u = 0;
        for (double b : bad) {
            for (double c : clean) {
                u += b > c ? 1 : b == c ? 0.5 : 0;
            }
        }
        return u / ((double) bad.length * clean.length);
    }

    /** AUC of a per-episode number (NaN counted as 0: no evidence of badness). */
    static double auc(List<Episode> episodes, java.util.function.ToDoubleFunction<Episode> score) {
        double[] bad = episodes.stream().filter(Episode::bad).mapToDouble(e -> nanToZero(score.applyAsDouble(e)))
                .toArray();
        double[] clean = episodes.stream().filter(e -> !e.bad()).mapToDouble(e -> nanToZero(score.applyAsDouble(e)))
                .toArray();
        return auc(bad, clean);
    }

    private static double nanToZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
