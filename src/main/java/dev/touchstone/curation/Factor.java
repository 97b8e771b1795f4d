package dev.touchstone.curation;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A design factor of a dataset (docs/curation.md, "Factors").
 *
 * @param position      its slot in the coverage table (1 to {@link FactorService#MAX_FACTORS})
 * @param key           lower-case identifier, the CSV column and the API's name for it
 * @param name          shown on the coverage page's axes
 * @param categories    categorical: the allowed values in display order (grown by an open factor)
 * @param open          categorical: a value not yet in the categories is added rather than refused
 * @param edges         numeric: ascending bin edges; bin i (1-based) is [edges[i-1], edges[i]), the last one closed
 * @param successValues the outcome factor's values that count as a success (empty: not the outcome factor)
 */
public record Factor(UUID id, UUID datasetId, int position, String key, String name, FactorKind kind,
                     List<String> categories, boolean open, List<Double> edges, FactorSource source,
                     String sourceKey, UUID projectId, List<String> successValues) {

    public Factor {
        categories = List.copyOf(categories);
        edges = List.copyOf(edges);
        successValues = List.copyOf(successValues);
    }

    /** How many cells the factor has on an axis: its categories, or its bins. */
    public int binCount() {
        return kind == FactorKind.CATEGORICAL ? categories.size() : edges.size() - 1;
    }

    /** A bin's label for axes and exports: the category, or the range "[0.1, 0.2)" ("[0.9, 1]" for the last). */
    public String binLabel(int bin) {
        if (kind == FactorKind.CATEGORICAL) {
            return categories.get(bin - 1);
        }
        boolean last = bin == edges.size() - 1;
        return "[" + number(edges.get(bin - 1)) + ", " + number(edges.get(bin)) + (last ? "]" : ")");
    }

    public boolean isOutcome() {
        return !successValues.isEmpty();
    }

    /**
     * The bin of a valid value (1-based), or 0 for a category an open factor does not have yet.
     *
     * @throws IllegalArgumentException with the reason, for a value the declaration refuses
     */
    public int bin(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + ": empty value");
        }
        String v = value.strip();
        if (kind == FactorKind.CATEGORICAL) {
            int index = categories.indexOf(v);
            if (index >= 0) {
                return index + 1;
            }
            if (open) {
                return 0;
            }
            throw new IllegalArgumentException(key + ": '" + v + "' is not one of " + String.join(", ", categories));
        }
        double x;
        try {
            x = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + v + "' is not a number");
        }
        double low = edges.getFirst();
        double high = edges.getLast();
        if (!Double.isFinite(x) || x < low || x > high) {
            throw new IllegalArgumentException(key + ": " + v + " is outside [" + number(low) + ", " + number(high)
                    + "]");
        }
        for (int i = edges.size() - 2; i >= 0; i--) {
            if (x >= edges.get(i)) {
                return i + 1;
            }
        }
        return 1;
    }

    /** A number as a person writes it: 0.1, not 0.1000000000000000055511151231257827. */
    static String number(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
            return String.format(Locale.ROOT, "%d", (long) x);
        }
        return new BigDecimal(Double.toString(x)).stripTrailingZeros().toPlainString();
    }
}
