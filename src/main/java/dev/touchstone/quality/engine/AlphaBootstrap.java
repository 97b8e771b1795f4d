package dev.touchstone.quality.engine;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Confidence interval for Krippendorff's alpha by a nonparametric bootstrap over units (a cluster bootstrap): each
 * replicate draws as many pairable units as there are, uniformly with replacement, rebuilds the coincidence matrix
 * from them (including the marginals, so the ordinal metric is recomputed per replicate) and computes alpha. The
 * interval is the percentile interval of the replicates, with linear interpolation between order statistics
 * (Hyndman and Fan's type 7). Replicates without variation (alpha undefined) are left out and counted.
 * <p>
 * This is not the algorithm of Hayes and Krippendorff's KALPHA macro (2007), which resamples pairs of values from
 * the coincidence matrix; resampling whole units keeps the values of a unit together, which is what the sampling
 * design of an annotation project is. Results are deterministic for a given seed ({@link SplittableRandom}).
 * Cost: {@code samples} times the number of retained values; memory: the retained units.
 */
public final class AlphaBootstrap {

    private AlphaBootstrap() {
    }

    /**
     * @param lower       lower bound
     * @param upper       upper bound
     * @param confidence  the confidence level, e.g. 0.95
     * @param samples     replicates drawn
     * @param undefined   replicates without variation, left out
     * @param seed        seed of the random draws
     */
    public record Interval(double lower, double upper, double confidence, int samples, int undefined, long seed) {
    }

    /**
     * @param units      pairable units, each an array of category codes (missing values removed)
     * @param categories number of category codes
     */
    public static Interval interval(int[][] units, int categories, Level level, CategoryScale scale, int samples,
                                    double confidence, long seed) {
        checkArguments(samples, confidence);
        int k = categories;
        int count = units.length;
        double[] replicates = new double[samples];
        int defined = 0;
        SplittableRandom random = new SplittableRandom(seed);
        long[] draws = new long[count];
        double[] o = new double[k * k];
        double[] nc = new double[k];
        for (int sample = 0; sample < samples; sample++) {
            Arrays.fill(draws, 0);
            for (int i = 0; i < count; i++) {
                draws[random.nextInt(count)]++;
            }
            coincidences(units, draws, k, o, nc);
            double alpha = count == 0 ? Double.NaN : Coefficients.alpha(k, o, nc, level, scale);
            if (!Double.isNaN(alpha)) {
                replicates[defined++] = alpha;
            }
        }
        return percentiles(replicates, defined, confidence, seed, Double.NaN);
    }

    /**
     * The same bootstrap over units given as distinct units with their multiplicities, for data with many identical
     * units (a category rated by three annotators has at most a few dozen distinct units, however many tasks). A
     * replicate draws the multiplicities from the multinomial of {@code total} draws over the distinct units, as
     * sequential binomials: exact (inversion) when fewer than 30 draws are expected, else the normal approximation
     * rounded and clamped. Cost per replicate: the number of distinct units, not the number of units. The intervals
     * agree with {@link #interval(int[][], int, Level, CategoryScale, int, double, long)} up to the bootstrap's own
     * Monte Carlo error (not draw for draw).
     *
     * @param units  distinct pairable units, each an array of category codes (missing values removed)
     * @param counts how many times each occurs
     */
    public static Interval groupedInterval(int[][] units, long[] counts, int categories, Level level,
                                           CategoryScale scale, int samples, double confidence, long seed) {
        return groupedInterval(units, counts, categories, level, scale, samples, confidence, seed, Double.NaN);
    }

    /**
     * {@link #groupedInterval(int[][], long[], int, Level, CategoryScale, int, double, long)}, bias-corrected
     * around {@code estimate} (the alpha of the data itself; NaN: the plain percentile interval), see
     * {@link #biasCorrected}.
     */
    public static Interval groupedInterval(int[][] units, long[] counts, int categories, Level level,
                                           CategoryScale scale, int samples, double confidence, long seed,
                                           double estimate) {
        checkArguments(samples, confidence);
        if (units.length != counts.length) {
            throw new IllegalArgumentException("one count per distinct unit");
        }
        int k = categories;
        long total = 0;
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("counts must not be negative");
            }
            total += c;
        }
        double[] replicates = new double[samples];
        int defined = 0;
        SplittableRandom random = new SplittableRandom(seed);
        double[] o = new double[k * k];
        double[] nc = new double[k];
        long[] draws = new long[units.length];
        for (int sample = 0; sample < samples; sample++) {
            multinomial(random, counts, total, draws);
            coincidences(units, draws, k, o, nc);
            double alpha = total == 0 ? Double.NaN : Coefficients.alpha(k, o, nc, level, scale);
            if (!Double.isNaN(alpha)) {
                replicates[defined++] = alpha;
            }
        }
        return percentiles(replicates, defined, confidence, seed, estimate);
    }

    /**
     * {@link #groupedInterval} for interval-level alpha on numbers, from per-unit moments instead of a coincidence
     * matrix (so thousands of distinct values cost nothing extra): with n values in pairable units, S1 and S2 their
     * sum and sum of squares, and D the sum over units of sum_{i != j} (v_i - v_j)^2 / (m_u - 1),
     * alpha = 1 - (n - 1) D / (2 n S2 - 2 S1^2), the interval metric's alpha exactly.
     *
     * @param units  distinct pairable units, each the numbers one unit received (at least two)
     * @param counts how many times each occurs
     */
    public static Interval groupedIntervalOfNumbers(double[][] units, long[] counts, int samples, double confidence,
                                                    long seed) {
        return groupedIntervalOfNumbers(units, counts, samples, confidence, seed, Double.NaN);
    }

    /** {@link #groupedIntervalOfNumbers(double[][], long[], int, double, long)}, bias-corrected around the estimate. */
    public static Interval groupedIntervalOfNumbers(double[][] units, long[] counts, int samples, double confidence,
                                                    long seed, double estimate) {
        if (samples < 1 || !(confidence > 0 && confidence < 1) || units.length != counts.length) {
            throw new IllegalArgumentException("samples >= 1, 0 < confidence < 1 and one count per unit are needed");
        }
        int p = units.length;
        double[] n = new double[p];
        double[] s1 = new double[p];
        double[] s2 = new double[p];
        double[] d = new double[p];
        long total = 0;
        for (int u = 0; u < p; u++) {
            double[] unit = units[u];
            int m = unit.length;
            n[u] = m;
            for (int i = 0; i < m; i++) {
                s1[u] += unit[i];
                s2[u] += unit[i] * unit[i];
                for (int j = 0; j < m; j++) {
                    d[u] += (unit[i] - unit[j]) * (unit[i] - unit[j]);
                }
            }
            d[u] /= m - 1;
            total += counts[u];
        }
        double[] replicates = new double[samples];
        int defined = 0;
        SplittableRandom random = new SplittableRandom(seed);
        long[] draws = new long[p];
        for (int sample = 0; sample < samples; sample++) {
            multinomial(random, counts, total, draws);
            double tn = 0;
            double t1 = 0;
            double t2 = 0;
            double td = 0;
            for (int u = 0; u < p; u++) {
                long times = draws[u];
                tn += times * n[u];
                t1 += times * s1[u];
                t2 += times * s2[u];
                td += times * d[u];
            }
            double expected = 2 * tn * t2 - 2 * t1 * t1;
            if (expected > 1e-12 * Math.max(1, 2 * tn * t2)) {
                replicates[defined++] = 1 - (tn - 1) * td / expected;
            }
        }
        return percentiles(replicates, defined, confidence, seed, estimate);
    }

    private static void checkArguments(int samples, double confidence) {
        if (samples < 1) {
            throw new IllegalArgumentException("the bootstrap needs at least one sample");
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be between 0 and 1, got " + confidence);
        }
    }

    /** The coincidence matrix {@code o} and value counts {@code nc} of the units, each taken {@code draws[u]} times. */
    private static void coincidences(int[][] units, long[] draws, int k, double[] o, double[] nc) {
        Arrays.fill(o, 0);
        Arrays.fill(nc, 0);
        for (int u = 0; u < units.length; u++) {
            long times = draws[u];
            if (times == 0) {
                continue;
            }
            int[] unit = units[u];
            int m = unit.length;
            double weight = (double) times / (m - 1);
            for (int i = 0; i < m; i++) {
                int a = unit[i];
                nc[a] += times;
                for (int j = 0; j < m; j++) {
                    if (i != j) {
                        o[a * k + unit[j]] += weight;
                    }
                }
            }
        }
    }

    /**
     * One multinomial resample of {@code total} units over the distinct units with these counts, as conditional
     * binomials (the last unit takes what is left; no draw once nothing is left).
     */
    private static void multinomial(SplittableRandom random, long[] counts, long total, long[] draws) {
        long left = total;
        long remainingWeight = total;
        for (int u = 0; u < counts.length; u++) {
            if (u == counts.length - 1 || left == 0) {
                draws[u] = u == counts.length - 1 ? left : 0;
            } else {
                draws[u] = binomial(random, left, (double) counts[u] / remainingWeight);
            }
            left -= draws[u];
            remainingWeight -= counts[u];
        }
    }

    /**
     * The percentile interval of the defined replicates (NaN bounds when none was defined); with a finite
     * {@code estimate} the bias-corrected one ({@link #biasCorrected}).
     */
    private static Interval percentiles(double[] replicates, int defined, double confidence, long seed,
                                        double estimate) {
        int samples = replicates.length;
        if (defined == 0) {
            return new Interval(Double.NaN, Double.NaN, confidence, samples, samples, seed);
        }
        double[] sorted = Arrays.copyOf(replicates, defined);
        Arrays.sort(sorted);
        double tail = (1 - confidence) / 2;
        double[] levels = Double.isFinite(estimate) ? biasCorrected(sorted, estimate, confidence)
                : new double[]{tail, 1 - tail};
        return new Interval(quantile(sorted, levels[0]), quantile(sorted, levels[1]), confidence, samples,
                samples - defined, seed);
    }

    /**
     * The quantile levels of Efron's bias-corrected (BC) percentile interval: with z0 = Φ⁻¹(share of replicates
     * below the estimate, ties counted half), the levels are Φ(2 z0 ± z). At small n alpha's bootstrap distribution
     * is skewed and off-centre, and the plain percentile interval can put the estimate on (or past) its own end;
     * BC moves the interval so that the estimate sits where it falls in the replicates. (BCa's acceleration, which
     * needs a jackknife over units, is left out: at the minimum number of units the bias is the larger error.)
     */
    static double[] biasCorrected(double[] sorted, double estimate, double confidence) {
        int below = 0;
        int equal = 0;
        for (double r : sorted) {
            if (r < estimate) {
                below++;
            } else if (r == estimate) {
                equal++;
            }
        }
        double share = (below + 0.5 * equal) / sorted.length;
        // keep z0 finite: a share of 0 or 1 (every replicate on one side) is clamped to half a replicate
        share = Math.clamp(share, 0.5 / sorted.length, 1 - 0.5 / sorted.length);
        double z0 = Normal.inverse(share);
        double z = Normal.inverse(1 - (1 - confidence) / 2);
        return new double[]{Normal.cdf(2 * z0 - z), Normal.cdf(2 * z0 + z)};
    }

    /** The standard normal distribution function and its inverse (for the BC interval). */
    static final class Normal {
        private Normal() {
        }

        /** Φ(x), by the complementary error function (Numerical Recipes' erfc, relative error below 1.2e-7). */
        static double cdf(double x) {
            return 0.5 * erfc(-x / Math.sqrt(2));
        }

        private static double erfc(double x) {
            double z = Math.abs(x);
            double t = 1 / (1 + 0.5 * z);
            double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                    + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                    + t * (-0.82215223 + t * 0.17087277)))))))));
            return x >= 0 ? r : 2 - r;
        }

        /** Φ⁻¹(p) for 0 &lt; p &lt; 1 (Acklam's rational approximation, refined by one Newton step). */
        static double inverse(double p) {
            if (!(p > 0 && p < 1)) {
                throw new IllegalArgumentException("p must be in (0, 1), got " + p);
            }
            double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                    1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
            double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                    6.680131188771972e+01, -1.328068155288572e+01};
            double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                    -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
            double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                    3.754408661907416e+00};
            double x;
            if (p < 0.02425) {
                double q = Math.sqrt(-2 * Math.log(p));
                x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                        / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
            } else if (p > 1 - 0.02425) {
                double q = Math.sqrt(-2 * Math.log(1 - p));
                x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                        / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
            } else {
                double q = p - 0.5;
                double r = q * q;
                x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
            }
            double e = cdf(x) - p;
            return x - e * Math.sqrt(2 * Math.PI) * Math.exp(x * x / 2);
        }
    }

    /** Binomial(n, p): inversion below 30 expected successes (on the rarer side), else a rounded normal. */
    static long binomial(SplittableRandom random, long n, double p) {
        if (p <= 0 || n == 0) {
            return 0;
        }
        if (p >= 1) {
            return n;
        }
        if (p > 0.5) {
            return n - binomial(random, n, 1 - p);
        }
        double mean = n * p;
        if (mean < 30) {
            double q = 1 - p;
            double s = p / q;
            double a = (n + 1) * s;
            double r = Math.pow(q, n);
            double u = random.nextDouble();
            long x = 0;
            while (u > r && x < n) {
                u -= r;
                x++;
                r *= a / x - s;
                if (r <= 0) {
                    break;
                }
            }
            return x;
        }
        long x = Math.round(mean + Math.sqrt(mean * (1 - p)) * random.nextGaussian());
        return Math.max(0, Math.min(n, x));
    }

    /** Type 7 quantile of sorted values: linear interpolation at (count - 1) * p. */
    static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int below = (int) Math.floor(h);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
    }
}
