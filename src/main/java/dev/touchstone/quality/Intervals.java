package dev.touchstone.quality;

/**
 * When an interval is worth showing, and how it is computed (docs/quality/dashboards.md, "Intervals"). The same rule
 * serves the dashboard and the release quality report, so that both say "too few tasks" below the same number.
 * <ul>
 *   <li>Below {@link #MIN_TASKS} tasks (units) no interval is given: with a handful of tasks any interval method
 *       either collapses (one task: 1.00 [1.00, 1.00]) or rests on assumptions that do not hold yet.</li>
 *   <li>Mean agreement: the Wilson score interval of the mean of per-task scores in [0, 1]. It assumes the largest
 *       variance a mean μ of values in [0, 1] can have, μ(1 − μ) (reached by 0/1 scores), so it is exact in form for
 *       exact-match scores and conservative for fractional ones; it is never empty or degenerate and always contains
 *       the mean, also when every task scored 1.</li>
 *   <li>Krippendorff's alpha: the bias-corrected bootstrap over tasks ({@code AlphaBootstrap}), shown only when it
 *       contains the estimate.</li>
 * </ul>
 */
public final class Intervals {

    /** Tasks (units) needed before an interval is shown. */
    public static final int MIN_TASKS = 10;
    /** The words shown instead of an interval below {@link #MIN_TASKS}. */
    public static final String TOO_FEW = "too few tasks";
    static final double Z95 = 1.959963984540054;

    private Intervals() {
    }

    /** A closed interval; {@code lower ≤ upper}. */
    public record Interval(double lower, double upper) {
    }

    /**
     * The 95 % Wilson score interval of a mean of {@code tasks} scores in [0, 1], or null below {@link #MIN_TASKS}.
     */
    public static Interval meanAgreement(double mean, long tasks) {
        if (tasks < MIN_TASKS || !(mean >= 0 && mean <= 1)) {
            return null;
        }
        double n = tasks;
        double z2 = Z95 * Z95;
        double centre = (mean + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z95 / (1 + z2 / n) * Math.sqrt(mean * (1 - mean) / n + z2 / (4 * n * n));
        // min/max only absorb rounding at 0 and 1, where the score interval touches the mean
        return new Interval(Math.min(mean, Math.max(0, centre - half)), Math.max(mean, Math.min(1, centre + half)));
    }

    /**
     * An alpha interval as it may be shown: null below {@link #MIN_TASKS} pairable units, when a bound is undefined,
     * or when the estimate is not strictly inside (a bootstrap with nearly every replicate on one side of the
     * estimate, where "-0.20 [-0.50, -0.20]" came from, says nothing about the other side).
     */
    public static Interval alpha(double estimate, long units, double lower, double upper) {
        if (units < MIN_TASKS || !Double.isFinite(lower) || !Double.isFinite(upper)
                || !(lower < estimate && estimate < upper)) {
            return null;
        }
        return new Interval(lower, upper);
    }

    /** "0.93 [0.72, 1.00]", or "0.93 (too few tasks)" when there is no interval. */
    public static String text(double estimate, Interval interval) {
        return interval == null ? String.format(java.util.Locale.ROOT, "%.2f (%s)", estimate, TOO_FEW)
                : String.format(java.util.Locale.ROOT, "%.2f [%.2f, %.2f]", estimate, interval.lower(),
                interval.upper());
    }
}
