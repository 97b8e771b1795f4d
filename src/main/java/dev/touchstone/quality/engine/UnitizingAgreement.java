package dev.touchstone.quality.engine;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Krippendorff's alpha for unitizing, α_U (Krippendorff 1995, "On the reliability of unitizing continuous data",
 * Sociological Methodology 25; Content Analysis, 2nd ed., 2004, ch. 12): agreement of raters who each cut a
 * continuum [B, B + L) into units and give every unit a category.
 * <p>
 * Each category is its own continuum: units of different categories may overlap, units of one rater and one
 * category must not. For a rater and a category the continuum is partitioned into sections: that rater's units of
 * the category, and the gaps ("no unit") between them. For two sections g and h of different raters that overlap,
 * with begins b and ends e = b + l, the difference is
 * <ul>
 *   <li>(b_g − b_h)² + (e_g − e_h)² when both are units;</li>
 *   <li>l_g² when g is a unit lying wholly inside the gap h (and likewise the other way round);</li>
 *   <li>0 otherwise (two gaps, or a unit that only partly overlaps a gap: the unit it overlaps accounts for it).</li>
 * </ul>
 * With R raters, for a category c with N_c units of lengths l:
 * <pre>
 *   D_O(c) = 2 Σ_{rater pairs} Σ_{overlapping sections} δ  /  (R (R − 1) L²)
 *   D_E(c) = (2 / L) Σ_u [ (N_c − 1) l_u (l_u − 1)(2 l_u − 1) / 3 + l_u² Σ_{gaps g ≥ l_u} (g − l_u + 1) ]
 *            /  (R L (R L − 1) − Σ_u l_u (l_u − 1))
 *   α_U(c) = 1 − D_O(c) / D_E(c)
 * </pre>
 * where the gaps are those of every rater in category c (a rater with no unit of c has one gap of length L: a rater
 * who marked nothing disagrees with one who marked something). Over all categories, α_U = 1 − Σ_c D_O(c) / Σ_c
 * D_E(c). These are the formulas of DKPro Statistics' {@code KrippendorffAlphaUnitizingAgreement}, which the tests
 * use as the peer (to 1e-9); here the sums are exact integers and the quotients are taken in 34 significant digits,
 * so positions in nanoseconds do not overflow.
 * <p>
 * Undefined values are NaN with a line in {@link Result#notes()}, never 1: fewer than two raters; no unit at all;
 * a category whose expected disagreement is 0 (only when every rater covers the whole continuum with units of length
 * 1, so nothing varies). DKPro 2.2.1 answers 0 where both disagreements are 0.
 */
public final class UnitizingAgreement {

    private static final MathContext MC = MathContext.DECIMAL128;

    private UnitizingAgreement() {
    }

    /** A unit [offset, offset + length) that {@code rater} marked with {@code category}; length ≥ 1. */
    public record Unit(long offset, long length, String rater, String category) {
        public Unit {
            Objects.requireNonNull(rater, "rater");
            Objects.requireNonNull(category, "category");
        }
    }

    /**
     * One category.
     *
     * @param alpha    α_U(c), NaN when undefined
     * @param observed D_O(c)
     * @param expected D_E(c)
     * @param units    N_c, the units of c over all raters
     */
    public record Category(double alpha, double observed, double expected, int units) {
    }

    /**
     * @param raters      R, the raters taken into account (those given, or those with a unit)
     * @param alpha       α_U over all categories, NaN when undefined
     * @param observed    mean of D_O(c) over the categories (NaN without a category)
     * @param expected    mean of D_E(c) over the categories (NaN without a category)
     * @param perCategory by category, in order of first appearance among the units
     * @param notes       why a value is NaN; empty when none is
     */
    public record Result(int raters, double alpha, double observed, double expected,
                         Map<String, Category> perCategory, List<String> notes) {
    }

    /** α_U with the raters that have at least one unit, in order of first appearance. */
    public static Result compute(long begin, long length, List<Unit> units) {
        Set<String> raters = new LinkedHashSet<>();
        for (Unit u : units) {
            raters.add(u.rater());
        }
        return compute(begin, length, List.copyOf(raters), units);
    }

    /**
     * α_U on the continuum [begin, begin + length).
     *
     * @param raters every rater of the study, including those who marked nothing (they count as one gap of length
     *               {@code length} in every category); distinct
     * @param units  each rater's units; a unit's rater must be in {@code raters}
     * @throws IllegalArgumentException on a length below 1, a unit outside the continuum or of length below 1, an
     *                                  unknown or repeated rater, or two overlapping units of one rater and category
     */
    public static Result compute(long begin, long length, List<String> raters, List<Unit> units) {
        if (length < 1) {
            throw new IllegalArgumentException("the continuum length must be at least 1, got " + length);
        }
        long end;
        try {
            end = Math.addExact(begin, length);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("the continuum [" + begin + ", " + begin + " + " + length
                    + ") does not fit in a long");
        }
        Map<String, Integer> raterIndex = new LinkedHashMap<>();
        for (String r : raters) {
            Objects.requireNonNull(r, "rater");
            if (raterIndex.putIfAbsent(r, raterIndex.size()) != null) {
                throw new IllegalArgumentException("rater \"" + r + "\" is listed twice");
            }
        }
        int rCount = raterIndex.size();
        // category -> rater -> units
        Map<String, List<List<Unit>>> byCategory = new LinkedHashMap<>();
        for (int i = 0; i < units.size(); i++) {
            Unit u = units.get(i);
            Integer r = raterIndex.get(u.rater());
            if (r == null) {
                throw new IllegalArgumentException("unit " + i + " has rater \"" + u.rater()
                        + "\", who is not among the raters " + raterIndex.keySet());
            }
            if (u.length() < 1) {
                throw new IllegalArgumentException("unit " + i + " has length " + u.length()
                        + "; a unit needs a length of at least 1");
            }
            if (u.offset() < begin || u.offset() > end - u.length()) {
                throw new IllegalArgumentException("unit " + i + " [" + u.offset() + ", " + u.offset() + " + "
                        + u.length() + ") is not inside the continuum [" + begin + ", " + end + ")");
            }
            byCategory.computeIfAbsent(u.category(), c -> {
                List<List<Unit>> perRater = new ArrayList<>();
                for (int k = 0; k < rCount; k++) {
                    perRater.add(new ArrayList<>());
                }
                return perRater;
            }).get(r).add(u);
        }
        for (Map.Entry<String, List<List<Unit>>> e : byCategory.entrySet()) {
            for (List<Unit> own : e.getValue()) {
                own.sort(Comparator.comparingLong(Unit::offset));
                for (int k = 1; k < own.size(); k++) {
                    Unit a = own.get(k - 1);
                    Unit b = own.get(k);
                    if (b.offset() < a.offset() + a.length()) {
                        throw new IllegalArgumentException("rater \"" + b.rater() + "\" has overlapping units of "
                                + "category \"" + e.getKey() + "\": [" + a.offset() + ", " + (a.offset() + a.length())
                                + ") and [" + b.offset() + ", " + (b.offset() + b.length()) + ")");
                    }
                }
            }
        }

        List<String> notes = new ArrayList<>();
        Map<String, Category> perCategory = new LinkedHashMap<>();
        if (rCount < 2) {
            notes.add("uAlpha is undefined: it needs at least two raters, got " + rCount);
            for (Map.Entry<String, List<List<Unit>>> e : byCategory.entrySet()) {
                int n = e.getValue().stream().mapToInt(List::size).sum();
                perCategory.put(e.getKey(), new Category(Double.NaN, Double.NaN, Double.NaN, n));
            }
            return new Result(rCount, Double.NaN, Double.NaN, Double.NaN, perCategory, notes);
        }
        if (byCategory.isEmpty()) {
            notes.add("uAlpha is undefined: there is no unit, nobody marked anything");
            return new Result(rCount, Double.NaN, Double.NaN, Double.NaN, perCategory, notes);
        }
        BigDecimal observedSum = BigDecimal.ZERO;
        BigDecimal expectedSum = BigDecimal.ZERO;
        for (Map.Entry<String, List<List<Unit>>> e : byCategory.entrySet()) {
            List<long[]> sections = new ArrayList<>();
            for (List<Unit> own : e.getValue()) {
                sections.add(sections(begin, end, own));
            }
            BigDecimal observed = observed(sections, rCount, length);
            BigDecimal expected = expected(sections, e.getValue(), rCount, length);
            observedSum = observedSum.add(observed);
            expectedSum = expectedSum.add(expected);
            double alpha;
            if (expected.signum() == 0) {
                alpha = Double.NaN;
                notes.add("uAlpha of category \"" + e.getKey() + "\" is undefined: its expected disagreement is 0 "
                        + "(every rater covers the whole continuum with units of length 1)");
            } else {
                alpha = alpha(observed, expected);
            }
            int n = e.getValue().stream().mapToInt(List::size).sum();
            perCategory.put(e.getKey(), new Category(alpha, observed.doubleValue(), expected.doubleValue(), n));
        }
        double alpha;
        if (expectedSum.signum() == 0) {
            alpha = Double.NaN;
            notes.add("uAlpha is undefined: the expected disagreement is 0 in every category");
        } else {
            alpha = alpha(observedSum, expectedSum);
        }
        BigDecimal k = BigDecimal.valueOf(byCategory.size());
        return new Result(rCount, alpha, observedSum.divide(k, MC).doubleValue(),
                expectedSum.divide(k, MC).doubleValue(), perCategory, notes);
    }

    private static double alpha(BigDecimal observed, BigDecimal expected) {
        return BigDecimal.ONE.subtract(observed.divide(expected, MC)).doubleValue();
    }

    /**
     * The partition of [begin, end) by one rater's sorted units of one category: triples (offset, length, 1 for a
     * unit or 0 for a gap), flattened.
     */
    private static long[] sections(long begin, long end, List<Unit> own) {
        long[] out = new long[3 * (2 * own.size() + 1)];
        int n = 0;
        long pos = begin;
        for (Unit u : own) {
            if (u.offset() > pos) {
                out[n++] = pos;
                out[n++] = u.offset() - pos;
                out[n++] = 0;
            }
            out[n++] = u.offset();
            out[n++] = u.length();
            out[n++] = 1;
            pos = u.offset() + u.length();
        }
        if (pos < end) {
            out[n++] = pos;
            out[n++] = end - pos;
            out[n++] = 0;
        }
        return Arrays.copyOf(out, n);
    }

    /** D_O(c): every pair of raters, every pair of overlapping sections, found by merging the two partitions. */
    private static BigDecimal observed(List<long[]> sections, int raters, long length) {
        BigInteger sum = BigInteger.ZERO;
        for (int a = 0; a < raters; a++) {
            for (int b = a + 1; b < raters; b++) {
                long[] x = sections.get(a);
                long[] y = sections.get(b);
                int i = 0;
                int j = 0;
                while (i < x.length && j < y.length) {
                    sum = sum.add(delta(x[i], x[i + 1], x[i + 2] == 1, y[j], y[j + 1], y[j + 2] == 1));
                    long endX = x[i] + x[i + 1];
                    long endY = y[j] + y[j + 1];
                    if (endX <= endY) {
                        i += 3;
                    }
                    if (endY <= endX) {
                        j += 3;
                    }
                }
            }
        }
        BigInteger denominator = BigInteger.valueOf(raters).multiply(BigInteger.valueOf(raters - 1L))
                .multiply(BigInteger.valueOf(length).pow(2));
        return new BigDecimal(sum.shiftLeft(1)).divide(new BigDecimal(denominator), MC);
    }

    /** The difference of two overlapping sections (see the class comment). */
    private static BigInteger delta(long offsetG, long lengthG, boolean unitG, long offsetH, long lengthH,
                                    boolean unitH) {
        if (unitG && unitH) {
            BigInteger begins = BigInteger.valueOf(offsetG).subtract(BigInteger.valueOf(offsetH));
            BigInteger ends = BigInteger.valueOf(offsetG).add(BigInteger.valueOf(lengthG))
                    .subtract(BigInteger.valueOf(offsetH)).subtract(BigInteger.valueOf(lengthH));
            return begins.pow(2).add(ends.pow(2));
        }
        if (unitG && !unitH && offsetH <= offsetG && offsetG + lengthG <= offsetH + lengthH) {
            return BigInteger.valueOf(lengthG).pow(2);
        }
        if (unitH && !unitG && offsetG <= offsetH && offsetH + lengthH <= offsetG + lengthG) {
            return BigInteger.valueOf(lengthH).pow(2);
        }
        return BigInteger.ZERO;
    }

    /** D_E(c), with the gap sums Σ_{g ≥ l} (g − l + 1) from suffix sums over the sorted gap lengths. */
    private static BigDecimal expected(List<long[]> sections, List<List<Unit>> units, int raters, long length) {
        List<Long> gapList = new ArrayList<>();
        for (long[] s : sections) {
            for (int i = 0; i < s.length; i += 3) {
                if (s[i + 2] == 0) {
                    gapList.add(s[i + 1]);
                }
            }
        }
        long[] gaps = gapList.stream().mapToLong(Long::longValue).sorted().toArray();
        BigInteger[] suffix = new BigInteger[gaps.length + 1];
        suffix[gaps.length] = BigInteger.ZERO;
        for (int i = gaps.length - 1; i >= 0; i--) {
            suffix[i] = suffix[i + 1].add(BigInteger.valueOf(gaps[i]));
        }
        long nc = units.stream().mapToInt(List::size).sum();
        BigInteger cubic = BigInteger.ZERO; // Σ l (l − 1)(2l − 1)
        BigInteger withGaps = BigInteger.ZERO; // Σ l² Σ_{g ≥ l} (g − l + 1)
        BigInteger squares = BigInteger.ZERO; // Σ l (l − 1)
        for (List<Unit> own : units) {
            for (Unit u : own) {
                BigInteger l = BigInteger.valueOf(u.length());
                BigInteger lMinus1 = l.subtract(BigInteger.ONE);
                cubic = cubic.add(l.multiply(lMinus1).multiply(l.shiftLeft(1).subtract(BigInteger.ONE)));
                squares = squares.add(l.multiply(lMinus1));
                int first = firstAtLeast(gaps, u.length());
                BigInteger count = BigInteger.valueOf(gaps.length - first);
                BigInteger fits = suffix[first].subtract(lMinus1.multiply(count));
                withGaps = withGaps.add(l.pow(2).multiply(fits));
            }
        }
        BigInteger numerator = BigInteger.valueOf(nc - 1).multiply(cubic)
                .add(BigInteger.valueOf(3).multiply(withGaps)).shiftLeft(1);
        BigInteger rl = BigInteger.valueOf(raters).multiply(BigInteger.valueOf(length));
        BigInteger denominator = BigInteger.valueOf(3).multiply(BigInteger.valueOf(length))
                .multiply(rl.multiply(rl.subtract(BigInteger.ONE)).subtract(squares));
        return new BigDecimal(numerator).divide(new BigDecimal(denominator), MC);
    }

    private static int firstAtLeast(long[] sorted, long value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
