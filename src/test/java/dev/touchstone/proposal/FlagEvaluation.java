package dev.touchstone.proposal;

import dev.touchstone.ingest.generator.EpisodeGenerator;
import dev.touchstone.ingest.generator.GeneratorOptions;
import dev.touchstone.quality.engine.EventAgreement;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
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
                   List<Double> slipOffsetsMs, List<String> dropouts, List<String> disturbances,
                   long assessNanos) {

        boolean bad() {
            return !outcome.equals("success");
        }

        /** Whether the ground truth lists this disturbance kind (regrasp, hesitation, slow_operator...). */
        boolean has(String kind) {
            return disturbances.contains(kind);
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
                        r.otherEvents(), r.matched(), offsets, episode.dropouts, kinds(episode), assessNanos));
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
                    e.disturbances(), e.assessNanos()));
        }
        return out;
    }

    /**
     * The episode's disturbance kinds; a dropout is also {@link #DROPOUT_READ} when it hits a stream the quality
     * proposers read (the others, cameras, depth, LiDAR, IMU, cannot show in any flag), and extra sensor noise also
     * {@link #NOISE_READ} when it is on a family they read (not the IMU).
     */
    private static List<String> kinds(GeneratedEpisode episode) {
        Set<String> read = new HashSet<>();
        for (ProposerSettings.Hand hand : ProposerSettings.defaults().hands()) {
            for (String s : new String[]{hand.armStream(), hand.gripperStream(), hand.wristStream(),
                    hand.tactileStream()}) {
                if (s != null) {
                    read.add(s);
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (GeneratedEpisode.Disturbance d : episode.disturbances) {
            List<String> kinds = new ArrayList<>(List.of(d.kind()));
            if (d.kind().equals("dropout") && read.contains(d.where())) {
                kinds.add(DROPOUT_READ);
            }
            if (d.kind().equals("sensor_noise") && !d.where().equals("torso/imu")) {
                kinds.add(NOISE_READ);
            }
            for (String kind : kinds) {
                if (!out.contains(kind)) {
                    out.add(kind);
                }
            }
        }
        return List.copyOf(out);
    }

    /** Extra noise on a sensor family the quality proposers read (every family but the IMU). */
    static final String NOISE_READ = "sensor_noise_read";

    /** A dropout on a stream the quality proposers read. */
    static final String DROPOUT_READ = "dropout_read";

    /**
     * ROC AUC of a flag for one disturbance kind: episodes with it against those without (NaN counted as 0).
     */
    static double aucFor(List<Episode> episodes, String kind, java.util.function.ToDoubleFunction<Episode> score) {
        double[] with = episodes.stream().filter(e -> e.has(kind)).mapToDouble(e -> nanToZero(score.applyAsDouble(e)))
                .toArray();
        double[] without = episodes.stream().filter(e -> !e.has(kind))
                .mapToDouble(e -> nanToZero(score.applyAsDouble(e))).toArray();
        return auc(with, without);
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
