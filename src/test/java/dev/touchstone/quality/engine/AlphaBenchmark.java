package dev.touchstone.quality.engine;

import org.dkpro.statistics.agreement.coding.CodingAnnotationStudy;
import org.dkpro.statistics.agreement.coding.KrippendorffAlphaAgreement;
import org.dkpro.statistics.agreement.distance.NominalDistanceFunction;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Nominal Krippendorff's alpha on seeded random reliability data: this engine against DKPro Agreement
 * (org.dkpro.statistics:dkpro-statistics-agreement, the peer) on the same data, same value to 1e-9. Not a test:
 * run it by hand, pinned to one core; see docs/benchmarks.md for the command and the numbers.
 * <p>
 * Data: {@code ratings / coders} units, each coder codes a unit with probability {@code 1 - missing}; a coded value
 * is the unit's true category with probability 0.6, otherwise uniform over all categories.
 * <p>
 * Modes: {@code compare} (default) generates the data into one int array, times the engine (accumulate every unit
 * and compute alpha) and the peer (alpha on a study built beforehand; building it is timed separately) and checks
 * the two values; {@code stream} generates units on the fly into the accumulator and reports heap use, to show
 * memory does not grow with the number of units (run it with a small -Xmx).
 * <p>
 * Arguments (all optional): {@code mode ratings coders categories missing seed peerRatings runs}.
 */
public final class AlphaBenchmark {

    private AlphaBenchmark() {
    }

    public static void main(String[] args) {
        String mode = arg(args, 0, "compare");
        long ratings = Long.parseLong(arg(args, 1, "10000000"));
        int coders = Integer.parseInt(arg(args, 2, "5"));
        int categories = Integer.parseInt(arg(args, 3, "50"));
        double missing = Double.parseDouble(arg(args, 4, "0.1"));
        long seed = Long.parseLong(arg(args, 5, "2026"));
        long peerRatings = Long.parseLong(arg(args, 6, Long.toString(ratings)));
        int runs = Integer.parseInt(arg(args, 7, "5"));
        System.out.printf(Locale.ROOT, "java %s, %d available processor(s), max heap %d MiB%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        switch (mode) {
            case "compare" -> compare(ratings, coders, categories, missing, seed, peerRatings, runs);
            case "stream" -> stream(ratings, coders, categories, missing, seed, runs);
            default -> throw new IllegalArgumentException("mode is compare or stream");
        }
    }

    private static String arg(String[] args, int index, String fallback) {
        return args.length > index ? args[index] : fallback;
    }

    /** Fills the next unit's codes; returns the number of values. */
    private static int nextUnit(SplittableRandom random, int[] unit, int categories, double missing) {
        int truth = random.nextInt(categories);
        int values = 0;
        for (int c = 0; c < unit.length; c++) {
            if (random.nextDouble() < missing) {
                unit[c] = CoincidenceAccumulator.MISSING;
            } else {
                unit[c] = random.nextDouble() < 0.6 ? truth : random.nextInt(categories);
                values++;
            }
        }
        return values;
    }

    private static int[] generate(long units, int coders, int categories, double missing, long seed) {
        int[] data = new int[Math.toIntExact(units * coders)];
        SplittableRandom random = new SplittableRandom(seed);
        int[] unit = new int[coders];
        for (int u = 0; u < units; u++) {
            nextUnit(random, unit, categories, missing);
            System.arraycopy(unit, 0, data, u * coders, coders);
        }
        return data;
    }

    private static double engineAlpha(int[] data, int coders, int categories, long units) {
        CoincidenceAccumulator accumulator = new CoincidenceAccumulator(coders, categories);
        int[] unit = new int[coders];
        for (int u = 0; u < units; u++) {
            System.arraycopy(data, u * coders, unit, 0, coders);
            accumulator.addUnit(unit);
        }
        return accumulator.alpha(Level.NOMINAL);
    }

    private static void compare(long ratings, int coders, int categories, double missing, long seed,
                                long peerRatings, int runs) {
        long units = ratings / coders;
        System.out.printf(Locale.ROOT, "data: %,d units x %d coders = %,d ratings, %d categories, %.0f%% missing, "
                + "seed %d%n", units, coders, units * coders, categories, missing * 100, seed);
        int[] data = generate(units, coders, categories, missing, seed);
        long values = Arrays.stream(data).filter(code -> code != CoincidenceAccumulator.MISSING).count();
        System.out.printf(Locale.ROOT, "non-missing values: %,d%n", values);

        engineAlpha(data, coders, categories, Math.min(units, 200_000)); // warm-up
        double[] engineSeconds = new double[runs];
        double engine = Double.NaN;
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            engine = engineAlpha(data, coders, categories, units);
            engineSeconds[run] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(engineSeconds);
        System.out.printf(Locale.ROOT, "engine: alpha = %.15f, best %.3f s, median %.3f s over %d runs%n", engine,
                engineSeconds[0], engineSeconds[runs / 2], runs);

        long peerUnits = peerRatings / coders;
        double enginePeerSize = peerUnits == units ? engine : engineAlpha(data, coders, categories, peerUnits);
        double[] engineAtPeerSize = new double[runs];
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            engineAlpha(data, coders, categories, peerUnits);
            engineAtPeerSize[run] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(engineAtPeerSize);

        System.gc();
        long heapBefore = usedHeap();
        long start = System.nanoTime();
        CodingAnnotationStudy study = new CodingAnnotationStudy(coders);
        Object[] item = new Object[coders];
        for (int u = 0; u < peerUnits; u++) {
            for (int c = 0; c < coders; c++) {
                int code = data[u * coders + c];
                item[c] = code == CoincidenceAccumulator.MISSING ? null : Integer.valueOf(code);
            }
            study.addItemAsArray(item);
        }
        double buildSeconds = (System.nanoTime() - start) / 1e9;
        System.gc();
        long studyBytes = usedHeap() - heapBefore;
        int peerRuns = Math.max(1, Math.min(runs, 3));
        double[] peerSeconds = new double[peerRuns];
        double peer = Double.NaN;
        for (int run = 0; run < peerRuns; run++) {
            long begin = System.nanoTime();
            peer = new KrippendorffAlphaAgreement(study, new NominalDistanceFunction()).calculateAgreement();
            peerSeconds[run] = (System.nanoTime() - begin) / 1e9;
        }
        Arrays.sort(peerSeconds);
        System.out.printf(Locale.ROOT, "peer (DKPro Agreement) on %,d ratings: study built in %.3f s, holding %,d MiB "
                + "of heap; alpha = %.15f, best %.3f s, median %.3f s over %d runs%n", peerUnits * coders,
                buildSeconds, studyBytes >> 20, peer, peerSeconds[0], peerSeconds[peerRuns / 2], peerRuns);
        System.out.printf(Locale.ROOT, "engine on the same %,d ratings: best %.3f s, median %.3f s%n",
                peerUnits * coders, engineAtPeerSize[0], engineAtPeerSize[runs / 2]);
        double difference = Math.abs(enginePeerSize - peer);
        System.out.printf(Locale.ROOT, "|engine - peer| = %.3e (%s 1e-9)%n", difference,
                difference <= 1e-9 ? "within" : "NOT within");
        System.out.printf(Locale.ROOT, "speed-up, median vs median: %.1fx; alpha computation only, peer study "
                + "building excluded%n", peerSeconds[peerRuns / 2] / engineAtPeerSize[runs / 2]);
        System.out.printf(Locale.ROOT, "speed-up including the peer's study building: %.1fx%n",
                (peerSeconds[peerRuns / 2] + buildSeconds) / engineAtPeerSize[runs / 2]);
        System.out.printf(Locale.ROOT, "peak heap over the whole run: %,d MiB%n", peakHeap() >> 20);
        if (difference > 1e-9) {
            System.exit(1);
        }
    }

    private static void stream(long ratings, int coders, int categories, double missing, long seed, int runs) {
        long units = ratings / coders;
        double alpha = Double.NaN;
        double[] seconds = new double[runs];
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            CoincidenceAccumulator accumulator = new CoincidenceAccumulator(coders, categories);
            SplittableRandom random = new SplittableRandom(seed);
            int[] unit = new int[coders];
            for (long u = 0; u < units; u++) {
                nextUnit(random, unit, categories, missing);
                accumulator.addUnit(unit);
            }
            alpha = accumulator.alpha(Level.NOMINAL);
            seconds[run] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(seconds);
        System.out.printf(Locale.ROOT, "stream: %,d units x %d coders = %,d ratings generated on the fly, alpha = "
                + "%.15f, median %.3f s (generation included), peak heap %,d KiB%n", units, coders, units * coders,
                alpha, seconds[runs / 2], peakHeap() >> 10);
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
