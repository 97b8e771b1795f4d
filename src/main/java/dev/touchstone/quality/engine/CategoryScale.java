package dev.touchstone.quality.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The ordered list of categories that integer codes stand for: each code's position in the order (used by the
 * ordinal metric and by weighted kappa) and, for numeric categories, its value (used by the interval and ratio
 * metrics).
 * <p>
 * Weighted kappa's weights are built on positions in this list. When a schema declares its categories, the list is
 * the declared one, including categories nobody used; otherwise it is the values actually observed, sorted. The two
 * can give different weighted kappas for the same ratings, because an unused category in the middle of a declared
 * scale widens the distance between its neighbours.
 * <p>
 * A scale may carry its own difference function for Krippendorff's alpha ({@link #withDistances}): a matrix of
 * δ² (the squared metric difference, as Krippendorff's formulas use it) between categories in scale order, which then
 * replaces the level's metric. Weighted kappa keeps its positional weights.
 */
public final class CategoryScale {

    private final List<Object> labels;
    private final int[] positionOfCode;
    private final double[] valueOfCode;
    private final double[][] distances;

    /**
     * @param labels         category labels in scale order
     * @param positionOfCode for each code, its index in {@code labels}
     * @param valueOfCode    for each code, its numeric value, or NaN when the category is not a number
     */
    public CategoryScale(List<?> labels, int[] positionOfCode, double[] valueOfCode) {
        this(labels, positionOfCode, valueOfCode, null);
    }

    private CategoryScale(List<?> labels, int[] positionOfCode, double[] valueOfCode, double[][] distances) {
        this.distances = distances;
        if (positionOfCode.length != valueOfCode.length) {
            throw new IllegalArgumentException("positions and values must cover the same codes");
        }
        this.labels = Collections.unmodifiableList(new ArrayList<>(labels));
        this.positionOfCode = positionOfCode.clone();
        this.valueOfCode = valueOfCode.clone();
        boolean[] taken = new boolean[labels.size()];
        for (int position : positionOfCode) {
            if (position < 0 || position >= labels.size() || taken[position]) {
                throw new IllegalArgumentException("each code needs its own position in the scale");
            }
            taken[position] = true;
        }
    }

    /**
     * This scale with a difference function for alpha: {@code distances[i][j]} is δ² between the categories at
     * positions i and j. Square with one row per category, symmetric, zero on the diagonal, finite and non-negative
     * elsewhere; the messages name the offending entry as {@code distances[i][j]}.
     */
    public CategoryScale withDistances(double[][] distances) {
        int k = labels.size();
        if (distances.length != k) {
            throw new IllegalArgumentException("distances must be a " + k + " × " + k + " matrix, one row per "
                    + "category, got " + distances.length + " rows");
        }
        double[][] copy = new double[k][];
        for (int i = 0; i < k; i++) {
            if (distances[i] == null || distances[i].length != k) {
                throw new IllegalArgumentException("distances[" + i + "] must have " + k + " entries, one per "
                        + "category, got " + (distances[i] == null ? 0 : distances[i].length));
            }
            copy[i] = distances[i].clone();
        }
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double d = copy[i][j];
                if (!Double.isFinite(d) || d < 0) {
                    throw new IllegalArgumentException("distances[" + i + "][" + j + "] must be a finite number ≥ 0, "
                            + "got " + d);
                }
                if (i == j && d != 0) {
                    throw new IllegalArgumentException("distances[" + i + "][" + i + "] must be 0 (a category does not "
                            + "differ from itself), got " + d);
                }
                if (j < i && d != copy[j][i]) {
                    throw new IllegalArgumentException("distances[" + j + "][" + i + "] is " + copy[j][i]
                            + " but distances[" + i + "][" + j + "] is " + d + "; the matrix must be symmetric");
                }
            }
        }
        return new CategoryScale(labels, positionOfCode, valueOfCode, copy);
    }

    /** Whether {@link #withDistances} gave this scale its own difference function. */
    public boolean hasDistances() {
        return distances != null;
    }

    /** δ² between two codes from {@link #withDistances}. */
    public double distance(int code, int other) {
        return distances[positionOfCode[code]][positionOfCode[other]];
    }

    /** Codes 0..k-1 that are their own position and value: the scale for data already coded as 0, 1, 2, ... */
    public static CategoryScale ofCodes(int k) {
        List<Object> labels = new ArrayList<>(k);
        int[] positions = new int[k];
        double[] values = new double[k];
        for (int code = 0; code < k; code++) {
            labels.add(code);
            positions[code] = code;
            values[code] = code;
        }
        return new CategoryScale(labels, positions, values);
    }

    /** Category labels in scale order. */
    public List<Object> labels() {
        return labels;
    }

    /** Number of categories in the scale. */
    public int size() {
        return labels.size();
    }

    /** Number of codes the scale covers. */
    public int codes() {
        return positionOfCode.length;
    }

    /** Position of a code in the scale order. */
    public int position(int code) {
        return positionOfCode[code];
    }

    /** Numeric value of a code, NaN for a non-numeric category. */
    public double value(int code) {
        return valueOfCode[code];
    }

    @Override
    public String toString() {
        return "CategoryScale" + labels + " positions=" + Arrays.toString(positionOfCode);
    }
}
