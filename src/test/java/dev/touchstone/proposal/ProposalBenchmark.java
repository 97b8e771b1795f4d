package dev.touchstone.proposal;

import dev.touchstone.ingest.generator.EpisodeGenerator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Measurement, not a test: proposal accuracy on generated episodes from seeds the defaults were never tuned on.
 * Tuning used run seed {@value #TUNING_RUN_SEED} only (ProposerAccuracyTest's seeds); the default run seed here,
 * {@value #UNSEEN_RUN_SEED}, was first run after the last change to the proposers' rules. Generates each episode's
 * signals (small options: 20 s nominal, the generator's default disturbances), stores them as signal files, runs the
 * proposers and scores them against the ground truth with the agreement engine (ProposalScores). Prints phase F1@50
 * (mean over episodes), the median and 90th percentile of the boundary errors (every true boundary of every
 * episode), and contact F1 at 100 ms (micro average); overall, per outcome and per disturbance kind.
 * <p>
 * Arguments (optional): episodes (default 200), run seed (default {@value #UNSEEN_RUN_SEED}), -v to print every
 * episode. {@code cost} as the first argument runs {@link ProposerCostBenchmark} instead.
 */
public final class ProposalBenchmark {

    /** The run seed whose episodes the proposers' rules and thresholds were tuned on. */
    static final long TUNING_RUN_SEED = 2026;
    /** A run seed the tuning never saw. */
    static final long UNSEEN_RUN_SEED = 31_000;

    /** Scores summed over a group of episodes. */
    static final class Tally {
        final List<Double> f1 = new ArrayList<>();
        final List<Double> boundaries = new ArrayList<>();
        final List<Double> offsets = new ArrayList<>();
        int episodes;
        int missing;
        int trueEvents;
        int proposedEvents;
        int matched;

        void add(ProposalScores s) {
            episodes++;
            f1.add(Double.isNaN(s.f1At50()) ? 0 : s.f1At50());
            boundaries.addAll(s.boundaryErrorsMs());
            offsets.addAll(s.eventOffsetsMs());
            missing += s.missingBoundaries();
            trueEvents += s.trueEvents();
            proposedEvents += s.proposedEvents();
            matched += s.matchedEvents();
        }

        double meanF1() {
            return f1.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }

        double minF1() {
            return f1.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        }

        double boundaryQuantile(double q) {
            List<Double> sorted = new ArrayList<>(boundaries);
            Collections.sort(sorted);
            return quantile(sorted, q);
        }

        double contactF1() {
            return trueEvents + proposedEvents == 0 ? Double.NaN : 2.0 * matched / (trueEvents + proposedEvents);
        }

        String line() {
            return String.format(Locale.ROOT, "%3d episodes: phase F1@50 mean %.3f (min %.3f), boundary error median"
                            + " %.0f ms p90 %.0f ms max %.0f ms, %d missing; contact F1 %.3f (%d matched, %d true, %d"
                            + " proposed)", episodes, meanF1(), minF1(), boundaryQuantile(0.5), boundaryQuantile(0.9),
                    boundaryQuantile(1), missing, contactF1(), matched, trueEvents, proposedEvents);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("cost")) {
            ProposerCostBenchmark.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        int episodes = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        long runSeed = args.length > 1 ? Long.parseLong(args[1]) : UNSEEN_RUN_SEED;
        boolean verbose = args.length > 2 && args[2].equals("-v");
        SignalProposers proposers = new SignalProposers(ProposerSettings.defaults());
        List<String> classes = ProposerSettings.PhasePlan.pickAndPlace().rules().stream()
                .map(ProposerSettings.PhaseRule::phaseClass).toList();
        Path root = Files.createTempDirectory("proposal-benchmark-");
        Tally all = new Tally();
        Map<String, Tally> byOutcome = new TreeMap<>();
        Map<String, Tally> byKind = new TreeMap<>();
        long proposeNanos = 0;
        double seconds = 0;
        long began = System.nanoTime();
        for (int i = 0; i < episodes; i++) {
            long seed = EpisodeGenerator.episodeSeed(runSeed, i);
            try (GeneratedEpisode episode = GeneratedEpisode.generate(root.resolve("e" + i), seed)) {
                long t0 = System.nanoTime();
                List<Proposal> proposals = proposers.propose(episode.signals, classes);
                proposeNanos += System.nanoTime() - t0;
                seconds += episode.durationNanos / 1e9;
                ProposalScores s = ProposalScores.score(episode, proposals, 0.1);
                all.add(s);
                byOutcome.computeIfAbsent(episode.outcome, k -> new Tally()).add(s);
                for (String kind : episode.disturbanceKinds()) {
                    byKind.computeIfAbsent(kind, k -> new Tally()).add(s);
                }
                if (verbose) {
                    System.out.printf(Locale.ROOT, "%3d %-8s %5.1f s F1@50 %.2f boundaries %s missing %d contacts"
                                    + " %d/%d/%d %s%n", i, episode.outcome, episode.durationNanos / 1e9, s.f1At50(),
                            rounded(s.boundaryErrorsMs()), s.missingBoundaries(), s.matchedEvents(), s.trueEvents(),
                            s.proposedEvents(), episode.disturbances);
                }
            }
        }
        double wall = (System.nanoTime() - began) / 1e9;
        System.out.printf(Locale.ROOT, "episodes %d (run seed %d, small options, default disturbances), %.1f s of"
                        + " episodes on average, %.0f s wall in all, proposers %.1f ms per episode%n", episodes,
                runSeed, seconds / episodes, wall, proposeNanos / 1e6 / episodes);
        System.out.println("all:       " + all.line());
        List<Double> absOffsets = new ArrayList<>(all.offsets.stream().map(Math::abs).toList());
        Collections.sort(absOffsets);
        System.out.printf(Locale.ROOT, "contact |offset| median %.0f ms, p90 %.0f ms%n", quantile(absOffsets, 0.5),
                quantile(absOffsets, 0.9));
        byOutcome.forEach((outcome, t) -> System.out.printf(Locale.ROOT, "  %-13s %s%n", outcome + ":", t.line()));
        byKind.forEach((kind, t) -> System.out.printf(Locale.ROOT, "  %-13s %s%n", kind + ":", t.line()));
        try (var files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static double quantile(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
    }

    private static String rounded(List<Double> values) {
        return values.stream().map(v -> String.valueOf(Math.round(v))).toList().toString();
    }
}
