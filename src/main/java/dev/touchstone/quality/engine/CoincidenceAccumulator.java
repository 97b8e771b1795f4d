package dev.touchstone.quality.engine;

import java.util.OptionalDouble;

/**
 * The streaming core: reliability data go in one unit at a time, as integer category codes per coder, and only
 * counts are kept. Memory is {@code O(categories^2)} per distinct number of values in a unit (at most the number of
 * coders), independent of the number of units, so ten million ratings need no more memory than ten.
 * <p>
 * For every unit with {@code m >= 2} values it counts the unordered pairs of values from different coders, by
 * category pair and by {@code m}. The coincidence matrix of Krippendorff (2011) follows exactly:
 * {@code o_ck = sum over m of pairs_m(c, k) / (m - 1)} (twice that on the diagonal, because the matrix counts
 * ordered pairs). Units with fewer than two values cannot be paired and do not enter any coefficient; they are
 * still counted in {@link #units()} and {@link #values()}.
 * <p>
 * Not thread-safe; use one accumulator per thread and {@link #add(CoincidenceAccumulator)} to combine them.
 */
public final class CoincidenceAccumulator {

    /** Code for a missing value. */
    public static final int MISSING = -1;

    private final int coders;
    private final int[] present;
    private int capacity;
    private int categories;
    /** pairsBySize[m][min(c,k) * capacity + max(c,k)]: unordered pairs within units of m values. */
    private long[][] pairsBySize;
    /** Values per category over pairable units: the marginals n_c of the coincidence matrix. */
    private long[] marginals;
    /** Two coders only: table[first * capacity + second] over units both coded. */
    private long[] twoCoderTable;
    private long units;
    private long values;
    private long pairableUnits;
    private long pairableValues;
    private int commonUnitSize;
    private boolean unitSizesDiffer;

    /**
     * @param coders number of coders, the length of every unit passed to {@link #addUnit(int[])}
     */
    public CoincidenceAccumulator(int coders) {
        this(coders, 8);
    }

    /**
     * @param coders     number of coders
     * @param categories expected number of category codes (grows when a larger code arrives)
     */
    public CoincidenceAccumulator(int coders, int categories) {
        if (coders < 1) {
            throw new IllegalArgumentException("at least one coder is needed");
        }
        this.coders = coders;
        this.present = new int[coders];
        this.capacity = Math.max(1, categories);
        this.pairsBySize = new long[coders + 1][];
        this.marginals = new long[capacity];
        this.twoCoderTable = coders == 2 ? new long[capacity * capacity] : null;
    }

    /** Adds one unit: {@code codes[i]} is coder i's category code, or {@link #MISSING}. */
    public void addUnit(int[] codes) {
        addUnits(codes, 1);
    }

    /**
     * Adds {@code times} identical units at once (for contingency tables and resampling). The array is not kept.
     */
    public void addUnits(int[] codes, long times) {
        if (codes.length != coders) {
            throw new IllegalArgumentException("a unit needs one entry per coder: expected " + coders + ", got "
                    + codes.length);
        }
        if (times < 0) {
            throw new IllegalArgumentException("times must not be negative");
        }
        int m = 0;
        for (int code : codes) {
            if (code == MISSING) {
                continue;
            }
            if (code < 0) {
                throw new IllegalArgumentException("category codes are non-negative, or MISSING: " + code);
            }
            if (code >= capacity) {
                grow(code + 1);
            }
            if (code >= categories) {
                categories = code + 1;
            }
            present[m++] = code;
        }
        if (times == 0) {
            return;
        }
        units += times;
        values += m * times;
        if (m > 0) {
            if (commonUnitSize == 0) {
                commonUnitSize = m;
            } else if (commonUnitSize != m) {
                unitSizesDiffer = true;
            }
        }
        if (twoCoderTable != null && m == 2) {
            twoCoderTable[codes[0] * capacity + codes[1]] += times;
        }
        if (m < 2) {
            return;
        }
        pairableUnits += times;
        pairableValues += m * times;
        long[] pairs = pairsBySize[m];
        if (pairs == null) {
            pairs = pairsBySize[m] = new long[capacity * capacity];
        }
        int width = capacity;
        long[] marginal = marginals;
        for (int i = 0; i < m; i++) {
            int a = present[i];
            marginal[a] += times;
            for (int j = i + 1; j < m; j++) {
                int b = present[j];
                pairs[a <= b ? a * width + b : b * width + a] += times;
            }
        }
    }

    /** Adds everything another accumulator for the same coders has counted (category codes must mean the same). */
    public void add(CoincidenceAccumulator other) {
        if (other.coders != coders) {
            throw new IllegalArgumentException("accumulators differ in the number of coders");
        }
        if (other.categories > capacity) {
            grow(other.categories);
        }
        categories = Math.max(categories, other.categories);
        for (int m = 2; m <= coders; m++) {
            long[] theirs = other.pairsBySize[m];
            if (theirs == null) {
                continue;
            }
            if (pairsBySize[m] == null) {
                pairsBySize[m] = new long[capacity * capacity];
            }
            for (int a = 0; a < other.categories; a++) {
                for (int b = a; b < other.categories; b++) {
                    pairsBySize[m][a * capacity + b] += theirs[a * other.capacity + b];
                }
            }
        }
        for (int c = 0; c < other.categories; c++) {
            marginals[c] += other.marginals[c];
            if (twoCoderTable != null) {
                for (int d = 0; d < other.categories; d++) {
                    twoCoderTable[c * capacity + d] += other.twoCoderTable[c * other.capacity + d];
                }
            }
        }
        units += other.units;
        values += other.values;
        pairableUnits += other.pairableUnits;
        pairableValues += other.pairableValues;
        if (other.commonUnitSize != 0) {
            if (commonUnitSize == 0) {
                commonUnitSize = other.commonUnitSize;
            } else if (commonUnitSize != other.commonUnitSize) {
                unitSizesDiffer = true;
            }
        }
        unitSizesDiffer |= other.unitSizesDiffer;
    }

    private void grow(int needed) {
        int grown = Math.max(needed, capacity * 2);
        for (int m = 2; m <= coders; m++) {
            if (pairsBySize[m] != null) {
                pairsBySize[m] = resize(pairsBySize[m], capacity, grown);
            }
        }
        if (twoCoderTable != null) {
            twoCoderTable = resize(twoCoderTable, capacity, grown);
        }
        marginals = java.util.Arrays.copyOf(marginals, grown);
        capacity = grown;
    }

    private static long[] resize(long[] square, int from, int to) {
        long[] result = new long[to * to];
        for (int row = 0; row < from; row++) {
            System.arraycopy(square, row * from, result, row * to, from);
        }
        return result;
    }

    /** Number of coders (entries per unit). */
    public int coders() {
        return coders;
    }

    /** Number of category codes seen so far: the largest code plus one. */
    public int categories() {
        return categories;
    }

    /** All units added, including those with fewer than two values. */
    public long units() {
        return units;
    }

    /** All non-missing values added. */
    public long values() {
        return values;
    }

    /** Units with at least two values. */
    public long pairableUnits() {
        return pairableUnits;
    }

    /** Values in units with at least two values: Krippendorff's {@code n}. */
    public long pairableValues() {
        return pairableValues;
    }

    /** The coincidence matrix {@code o[c][k]} (ordered pairs of values, each unit weighted by 1/(m-1)). */
    public double[][] coincidenceMatrix() {
        int k = categories;
        double[] flat = flatCoincidences();
        double[][] matrix = new double[k][k];
        for (int c = 0; c < k; c++) {
            System.arraycopy(flat, c * k, matrix[c], 0, k);
        }
        return matrix;
    }

    /** The marginals {@code n_c}: values per category in pairable units. */
    public long[] marginals() {
        return java.util.Arrays.copyOf(marginals, categories);
    }

    double[] flatCoincidences() {
        int k = categories;
        double[] o = new double[k * k];
        for (int m = 2; m <= coders; m++) {
            long[] pairs = pairsBySize[m];
            if (pairs == null) {
                continue;
            }
            double weight = 1.0 / (m - 1);
            for (int a = 0; a < k; a++) {
                o[a * k + a] += 2 * pairs[a * capacity + a] * weight;
                for (int b = a + 1; b < k; b++) {
                    double value = pairs[a * capacity + b] * weight;
                    o[a * k + b] += value;
                    o[b * k + a] += value;
                }
            }
        }
        return o;
    }

    private double[] doubleMarginals() {
        double[] nc = new double[categories];
        for (int c = 0; c < categories; c++) {
            nc[c] = marginals[c];
        }
        return nc;
    }

    /** Pairs of values from different coders within pairable units. */
    public long pairs() {
        long total = 0;
        for (int m = 2; m <= coders; m++) {
            long[] pairs = pairsBySize[m];
            if (pairs != null) {
                for (int a = 0; a < categories; a++) {
                    for (int b = a; b < categories; b++) {
                        total += pairs[a * capacity + b];
                    }
                }
            }
        }
        return total;
    }

    /** Pairs of values from different coders within pairable units that have the same category. */
    public long agreeingPairs() {
        long total = 0;
        for (int m = 2; m <= coders; m++) {
            long[] pairs = pairsBySize[m];
            if (pairs != null) {
                for (int a = 0; a < categories; a++) {
                    total += pairs[a * capacity + a];
                }
            }
        }
        return total;
    }

    /**
     * Krippendorff's alpha from a coincidence matrix built elsewhere, for instance summed from stored per-day counts
     * ({@code o[c][k]}: ordered pairs of values from different coders, each unit weighted by 1/(m_u - 1), symmetric);
     * the marginals are its row sums. The same formula as {@link #alpha(Level, CategoryScale)}; NaN when undefined.
     */
    public static double alphaOfCoincidences(double[][] coincidences, Level level, CategoryScale scale) {
        int k = coincidences.length;
        if (scale.codes() < k) {
            throw new IllegalArgumentException("the scale covers " + scale.codes() + " codes, the data use " + k);
        }
        double[] o = new double[k * k];
        double[] nc = new double[k];
        for (int c = 0; c < k; c++) {
            if (coincidences[c].length != k) {
                throw new IllegalArgumentException("the coincidence matrix must be square");
            }
            for (int d = 0; d < k; d++) {
                o[c * k + d] = coincidences[c][d];
                nc[c] += coincidences[c][d];
            }
        }
        return Coefficients.alpha(k, o, nc, level, scale);
    }

    /** Krippendorff's alpha for codes that are their own order and value ({@link CategoryScale#ofCodes}). */
    public double alpha(Level level) {
        return alpha(level, CategoryScale.ofCodes(categories));
    }

    /** Krippendorff's alpha; NaN when undefined (no pairable values, or no variation among them). */
    public double alpha(Level level, CategoryScale scale) {
        requireCovers(scale);
        return Coefficients.alpha(categories, flatCoincidences(), doubleMarginals(), level, scale);
    }

    /**
     * Percent agreement: agreeing pairs / all pairs of values from different coders, pooled over pairable units.
     * NaN without pairable units.
     */
    public double percentAgreement() {
        long pairs = pairs();
        return pairs == 0 ? Double.NaN : (double) agreeingPairs() / pairs;
    }

    /**
     * Fleiss' kappa, present only when every unit that has values has the same number of them, at least two
     * (units with no value at all are ignored). NaN inside the optional when undefined (a single category).
     */
    public OptionalDouble fleissKappa() {
        if (unitSizesDiffer || commonUnitSize < 2) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Coefficients.fleissKappa(agreeingPairs(), pairs(), doubleMarginals()));
    }

    /** The two-coder coefficients; empty unless there are exactly two coders. */
    public java.util.Optional<TwoCoderAgreement> twoCoders(CategoryScale scale) {
        if (twoCoderTable == null) {
            return java.util.Optional.empty();
        }
        requireCovers(scale);
        int k = categories;
        long[] table = new long[k * k];
        for (int a = 0; a < k; a++) {
            System.arraycopy(twoCoderTable, a * capacity, table, a * k, k);
        }
        return java.util.Optional.of(Coefficients.twoCoders(k, table, scale));
    }

    private void requireCovers(CategoryScale scale) {
        if (scale.codes() < categories) {
            throw new IllegalArgumentException("the scale covers " + scale.codes() + " codes, the data use "
                    + categories);
        }
    }
}
