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
 */
public final class CategoryScale {

    private final List<Object> labels;
    private final int[] positionOfCode;
    private final double[] valueOfCode;

    /**
     * @param labels         category labels in scale order
     * @param positionOfCode for each code, its index in {@code labels}
     * @param valueOfCode    for each code, its numeric value, or NaN when the category is not a number
     */
    public CategoryScale(List<?> labels, int[] positionOfCode, double[] valueOfCode) {
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
