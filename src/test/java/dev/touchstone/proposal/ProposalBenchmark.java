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
 * Measurement, not a test: proposal accuracy on generated episodes from seeds the defaults were never tuned on
 * (run seed 10000 by default; tuning used ProposerAccuracyTest's run seed 2026). Generates each episode (small
 * options), stores its signals as signal files, runs the proposers and scores them against the ground truth with
 * the agreement engine (ProposalScores). Prints phase F1@50 (mean over episodes), the median and 90th percentile of
 * the boundary errors (every true boundary of every episode), and contact F1 at 100 ms (micro average).
 * <p>
 * Arguments (optional): episodes (default 40), run seed (default 10000), -v to print every episode.
 */
public final class ProposalBenchmark {

    public static void main(String[] args) throws IOException {
        int episodes = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        long runSeed = args.length > 1 ? Long.parseLong(args[1]) : 10_000;
        boolean verbose = args.length > 2 && args[2].equals("-v");
        SignalProposers proposers = new SignalProposers(ProposerSettings.defaults());
        List<String> classes = ProposerSettings.PhasePlan.pickAndPlace().rules().stream()
                .map(ProposerSettings.PhaseRule::phaseClass).toList();
        Path root = Files.createTempDirectory("proposal-benchmark-");
        List<Double> f1 = new ArrayList<>();
        List<Double> boundaries = new ArrayList<>();
        List<Double> offsets = new ArrayList<>();
        Map<String, int[]> byOutcome = new TreeMap<>();
        int missing = 0;
        int trueEvents = 0;
        int proposedEvents = 0;
        int matched = 0;
        long proposeNanos = 0;
        long began = System.nanoTime();
        for (int i = 0; i < episodes; i++) {
            long seed = EpisodeGenerator.episodeSeed(runSeed, i);
            try (GeneratedEpisode episode = GeneratedEpisode.generate(root.resolve("e" + i), seed)) {
                long t0 = System.nanoTime();
                List<Proposal> proposals = proposers.propose(episode.signals, classes);
                proposeNanos += System.nanoTime() - t0;
                ProposalScores s = ProposalScores.score(episode, proposals, 0.1);
                f1.add(Double.isNaN(s.f1At50()) ? 0 : s.f1At50());
                boundaries.addAll(s.boundaryErrorsMs());
                offsets.addAll(s.eventOffsetsMs());
                missing += s.missingBoundaries();
                trueEvents += s.trueEvents();
                proposedEvents += s.proposedEvents();
                matched += s.matchedEvents();
                int[] o = byOutcome.computeIfAbsent(episode.outcome, k -> new int[4]);
                o[0]++;
                o[1] += s.trueEvents();
                o[2] += s.proposedEvents();
                o[3] += s.matchedEvents();
                if (verbose) {
                    System.out.printf(Locale.ROOT, "%2d %-8s F1@50 %.2f boundaries %s missing %d contacts %d/%d/%d"
                                    + " dropouts %s%n", i, episode.outcome, s.f1At50(), rounded(s.boundaryErrorsMs()),
                            s.missingBoundaries(), s.matchedEvents(), s.trueEvents(), s.proposedEvents(),
                            episode.dropouts);
                }
            }
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        Collections.sort(boundaries);
        List<Double> absOffsets = new ArrayList<>(offsets.stream().map(Math::abs).toList());
        Collections.sort(absOffsets);
        System.out.printf(Locale.ROOT, "episodes %d (run seed %d, small options), %.0f s in all, proposers %.1f ms per"
                + " episode%n", episodes, runSeed, seconds, proposeNanos / 1e6 / episodes);
        System.out.printf(Locale.ROOT, "phase F1@50: mean %.3f, min %.3f%n",
                f1.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN),
                f1.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN));
        System.out.printf(Locale.ROOT, "boundary error: median %.0f ms, p90 %.0f ms, max %.0f ms over %d boundaries;"
                + " %d boundaries without a proposed phase%n", quantile(boundaries, 0.5), quantile(boundaries, 0.9),
                boundaries.isEmpty() ? Double.NaN : boundaries.getLast(), boundaries.size(), missing);
        System.out.printf(Locale.ROOT, "contact F1 at 100 ms: %.3f (%d matched, %d true, %d proposed); |offset|"
                        + " median %.0f ms, p90 %.0f ms%n", trueEvents + proposedEvents == 0 ? Double.NaN
                        : 2.0 * matched / (trueEvents + proposedEvents), matched, trueEvents, proposedEvents,
                quantile(absOffsets, 0.5), quantile(absOffsets, 0.9));
        byOutcome.forEach((outcome, o) -> System.out.printf(Locale.ROOT, "  %s: %d episodes, contact F1 %.3f%n",
                outcome, o[0], o[1] + o[2] == 0 ? Double.NaN : 2.0 * o[3] / (o[1] + o[2])));
        Files.walk(root).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }

    private static double quantile(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
    }

    private static String rounded(List<Double> values) {
        return values.stream().map(v -> String.valueOf(Math.round(v))).toList().toString();
    }
}
