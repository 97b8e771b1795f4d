package dev.touchstone.proposal;

import dev.touchstone.ingest.generator.GeneratorOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Measurement, not a test: on realistic generated episodes (the generator's default disturbances), how well the
 * suggested verdict's score ranks the failed or slipped demonstrations above the successful ones, how well each
 * disturbance's flag ranks the episodes that have it above those without (ROC AUC, exact Mann-Whitney;
 * FlagEvaluation), how many slip events match the ground truth's slip onsets within 100 ms, and how often the
 * proposed grasp outcome is right. The rules and thresholds were set on run seed 2026; the default run seed 30000
 * (and 777, QualityFlagAccuracyTest) were first run after they were fixed (docs/benchmarks.md, "Quality flags and
 * verdict").
 * <p>
 * Arguments (optional): episodes (default 200), run seed (default 30000), duration in seconds (default 20, the
 * generator's small options: the contact proposer misreads the wrist's inertia on shorter ones), -v to print every
 * episode.
 */
public final class QualityFlagBenchmark {

    public static void main(String[] args) throws IOException {
        int episodes = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        long runSeed = args.length > 1 ? Long.parseLong(args[1]) : 30_000;
        double duration = args.length > 2 ? Double.parseDouble(args[2]) : 20;
        boolean verbose = args.length > 3 && args[3].equals("-v");
        QualityProposers proposers = new QualityProposers(ProposerSettings.defaults(), QualitySettings.defaults());
        Path root = Files.createTempDirectory("quality-flag-benchmark-");
        long began = System.nanoTime();
        List<FlagEvaluation.Episode> results = FlagEvaluation.run(root, runSeed, 0, episodes,
                GeneratorOptions.small().withDuration(duration), proposers, false);
        double seconds = (System.nanoTime() - began) / 1e9;
        if (verbose) {
            for (FlagEvaluation.Episode e : results) {
                System.out.printf(Locale.ROOT, "%3d %-8s verdict %-6s score %5.2f %-30s outcome %-7s slips %d/%d/%d"
                                + " %s disturbances %s%n", e.index(), e.outcome(),
                        e.verdict().accept() ? "accept" : "reject", e.verdict().score(), e.verdict().classes(),
                        e.quality().graspOutcome().classes().getFirst(), e.matchedSlips(), e.trueSlips(),
                        e.proposedSlips(), flags(e.flags()), e.disturbances());
            }
        }
        long bad = results.stream().filter(FlagEvaluation.Episode::bad).count();
        System.out.printf(Locale.ROOT, "episodes %d (run seed %d, small options, %.0f s each): %d clean, %d bad"
                        + " (%d slip, %d fail); %.0f s in all%n", episodes, runSeed, duration, episodes - bad, bad,
                results.stream().filter(e -> e.outcome().equals("slip")).count(),
                results.stream().filter(e -> e.outcome().equals("fail")).count(), seconds);
        System.out.printf(Locale.ROOT, "assess (contacts, slips, flags) %.1f ms per episode, mean%n",
                results.stream().mapToLong(FlagEvaluation.Episode::assessNanos).average().orElse(Double.NaN) / 1e6);
        System.out.printf(Locale.ROOT, "ROC AUC, bad above clean: verdict score %.3f%n",
                FlagEvaluation.auc(results, e -> e.verdict().score()));
        List<String> keys = results.getFirst().flags().flags().stream().map(Flag::key)
                .filter(k -> !k.startsWith(QualityFlags.NOISE_PREFIX) || k.equals(QualityFlags.NOISE_RATIO)).toList();
        for (String key : keys) {
            System.out.printf(Locale.ROOT, "  flag %-16s AUC %.3f%n", key,
                    FlagEvaluation.auc(results, e -> e.flags().value(key)));
        }
        System.out.println("per disturbance kind: episodes with it / without, AUC of the matching flag (with above"
                + " without)");
        for (String[] pair : DISTURBANCE_FLAGS) {
            long with = results.stream().filter(e -> e.has(pair[0])).count();
            System.out.printf(Locale.ROOT, "  %-14s %3d / %3d  %-16s AUC %.3f%n", pair[0], with,
                    results.size() - with, pair[1], FlagEvaluation.aucFor(results, pair[0],
                            e -> e.flags().value(pair[1])));
        }
        int trueSlips = results.stream().mapToInt(FlagEvaluation.Episode::trueSlips).sum();
        int proposed = results.stream().mapToInt(FlagEvaluation.Episode::proposedSlips).sum();
        int matched = results.stream().mapToInt(FlagEvaluation.Episode::matchedSlips).sum();
        List<Double> offsets = new ArrayList<>(results.stream().flatMap(e -> e.slipOffsetsMs().stream())
                .map(Math::abs).toList());
        Collections.sort(offsets);
        System.out.printf(Locale.ROOT, "slip events at 100 ms: F1 %.3f (%d matched, %d true, %d proposed);"
                        + " |offset| median %.0f ms, max %.0f ms%n", trueSlips + proposed == 0 ? Double.NaN
                        : 2.0 * matched / (trueSlips + proposed), matched, trueSlips, proposed,
                offsets.isEmpty() ? Double.NaN : offsets.get(offsets.size() / 2),
                offsets.isEmpty() ? Double.NaN : offsets.getLast());
        long verdictRight = results.stream().filter(e -> e.verdict().accept() == !e.bad()).count();
        long rejectedClean = results.stream().filter(e -> !e.bad() && !e.verdict().accept()).count();
        long acceptedBad = results.stream().filter(e -> e.bad() && e.verdict().accept()).count();
        System.out.printf(Locale.ROOT, "verdict: %d of %d agree with the outcome (clean accepted, bad rejected);"
                + " %d clean rejected, %d bad accepted%n", verdictRight, episodes, rejectedClean, acceptedBad);
        long outcomeRight = results.stream().filter(e -> expectedOutcome(e.outcome())
                .equals(e.quality().graspOutcome().classes().getFirst())).count();
        System.out.printf(Locale.ROOT, "grasp outcome (generator success -> success, slip and fail -> fail): %d of"
                + " %d%n", outcomeRight, episodes);
        results.stream().filter(e -> !e.verdict().accept() && !e.bad()).forEach(e -> System.out.printf(
                Locale.ROOT, "  clean rejected: episode %d %s %s%n", e.index(), e.verdict().classes(),
                flags(e.flags())));
        results.stream().filter(e -> e.verdict().accept() && e.bad()).forEach(e -> System.out.printf(Locale.ROOT,
                "  bad accepted: episode %d (%s) %s%n", e.index(), e.outcome(), flags(e.flags())));
        try (var files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Each ground-truth disturbance kind and the flag meant to rank the episodes that have it first. */
    static final String[][] DISTURBANCE_FLAGS = {{"hesitation", QualityFlags.HESITATION},
            {"regrasp", QualityFlags.GRASP_ATTEMPTS}, {"slow_operator", QualityFlags.DURATION_Z},
            {FlagEvaluation.DROPOUT_READ, QualityFlags.DROPOUT_TOTAL}, {"dropout", QualityFlags.DROPOUT_TOTAL},
            {"sensor_noise", QualityFlags.JERK_P95}, {"sensor_noise", QualityFlags.NOISE_RATIO},
            {FlagEvaluation.NOISE_READ, QualityFlags.NOISE_RATIO}};

    /** The generator drops the object in both its slip and its fail outcomes: the schema calls that a fail. */
    static String expectedOutcome(String generatorOutcome) {
        return generatorOutcome.equals("success") ? "success" : "fail";
    }

    private static String flags(QualityFlags flags) {
        StringBuilder out = new StringBuilder();
        for (Flag f : flags.flags()) {
            out.append(String.format(Locale.ROOT, "%s=%.3g ", f.key(), f.value()));
        }
        return out.toString().trim();
    }
}
