package dev.touchstone.quality.engine;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Agreement over coded values as they appear in exported data: each unit is one value per coder, a string or a
 * number, {@code null} when that coder did not code the unit. Numbers are compared by value ({@code 1} and
 * {@code 1.0} are the same category); a string is never equal to a number.
 * <p>
 * With declared categories (the schema's ordered list) every value must be one of them, and the list, including
 * categories nobody used, is the order for the ordinal metric and the weights of weighted kappa. Without them the
 * observed values sorted (numbers ascending, then strings in code point order) take that role. Interval and ratio
 * levels need numbers (ratio: non-negative); the ordinal level needs numbers or a declared order.
 * <p>
 * Units stream into a {@link CoincidenceAccumulator}; only {@link #retainingUnits()} keeps them, for the bootstrap.
 * Not thread-safe.
 */
public final class CodedAgreement {

    private final Level level;
    private final int coders;
    private final boolean declared;
    private final double[][] distances;
    private final Map<Object, Integer> codes = new HashMap<>();
    private final List<Object> labels = new ArrayList<>();
    private final CoincidenceAccumulator accumulator;
    private final int[] unitCodes;
    private UnitStore retained;
    private Map<DistinctUnit, long[]> distinct;

    private CodedAgreement(Level level, int coders, List<?> declaredCategories, double[][] distances) {
        if (coders < 2) {
            throw new IllegalArgumentException("agreement needs at least two coders, got " + coders);
        }
        this.level = level;
        this.coders = coders;
        this.declared = declaredCategories != null;
        if (declared) {
            if (declaredCategories.isEmpty()) {
                throw new IllegalArgumentException("categories, when given, must not be empty");
            }
            for (int i = 0; i < declaredCategories.size(); i++) {
                Object key = key(declaredCategories.get(i), "categories[" + i + "]");
                if (key == null) {
                    throw new IllegalArgumentException("categories[" + i + "] is null; categories must be strings or "
                            + "numbers");
                }
                if (codes.putIfAbsent(key, labels.size()) != null) {
                    throw new IllegalArgumentException("categories[" + i + "] repeats " + describe(key));
                }
                labels.add(key);
            }
        }
        if (distances != null) {
            if (!declared) {
                throw new IllegalArgumentException("distances need the declared 'categories' list that gives their "
                        + "order");
            }
            if (level != Level.NOMINAL) {
                throw new IllegalArgumentException("distances replace the metric of the nominal level; with distances "
                        + "the level must be nominal, not " + level.jsonName());
            }
            scale().withDistances(distances); // validates
        }
        this.distances = distances == null ? null : Arrays.stream(distances).map(double[]::clone)
                .toArray(double[][]::new);
        this.accumulator = new CoincidenceAccumulator(coders, Math.max(8, labels.size()));
        this.unitCodes = new int[coders];
    }

    /**
     * @param level              level of measurement
     * @param coders             number of coders (values per unit), at least two
     * @param declaredCategories the schema's ordered category list, or {@code null} to use the observed values
     */
    public static CodedAgreement of(Level level, int coders, List<?> declaredCategories) {
        return new CodedAgreement(level, coders, declaredCategories, null);
    }

    /**
     * Nominal categories with their own difference function for alpha: {@code distances[i][j]} is δ² between
     * {@code declaredCategories} i and j (see {@link CategoryScale#withDistances}). Alpha, also in the bootstrap,
     * uses it; percent agreement, the kappas and Scott's pi do not.
     *
     * @param level must be {@link Level#NOMINAL}
     */
    public static CodedAgreement of(Level level, int coders, List<?> declaredCategories, double[][] distances) {
        return new CodedAgreement(level, coders, declaredCategories, java.util.Objects.requireNonNull(distances,
                "distances"));
    }

    /** Keeps the pairable units (their category codes) so that {@link #bootstrapAlpha} can resample them. */
    public CodedAgreement retainingUnits() {
        if (accumulator.units() > 0) {
            throw new IllegalStateException("retain units before adding any");
        }
        retained = new UnitStore();
        return this;
    }

    /**
     * Keeps the pairable units as distinct units with their multiplicities (codes sorted within a unit: alpha only
     * sees which values a unit received), so that {@link #bootstrapAlpha} resamples them with
     * {@link AlphaBootstrap#groupedInterval}. Memory grows with the distinct units, not with the units: a category
     * rated by three annotators has a few dozen, however many tasks; numbers with many distinct values have about
     * one per unit. Agrees with {@link #retainingUnits()} up to the bootstrap's Monte Carlo error.
     */
    public CodedAgreement retainingDistinctUnits() {
        if (accumulator.units() > 0) {
            throw new IllegalStateException("retain units before adding any");
        }
        distinct = new LinkedHashMap<>();
        return this;
    }

    /** Adds one unit, one value per coder in coder order; {@code null} for a missing value. */
    public void addUnit(List<?> unitValues) {
        long unit = accumulator.units();
        if (unitValues.size() != coders) {
            throw new IllegalArgumentException("units[" + unit + "] has " + unitValues.size() + " values, expected one "
                    + "per coder (" + coders + ")");
        }
        int m = 0;
        for (int i = 0; i < coders; i++) {
            Object key = key(unitValues.get(i), "units[" + unit + "][" + i + "]");
            int code = key == null ? CoincidenceAccumulator.MISSING : code(key, unit, i);
            unitCodes[i] = code;
            if (code != CoincidenceAccumulator.MISSING) {
                m++;
            }
        }
        accumulator.addUnit(unitCodes);
        if (retained != null && m >= 2) {
            retained.add(unitCodes);
        }
        if (distinct != null && m >= 2) {
            int[] codes = new int[m];
            int at = 0;
            for (int code : unitCodes) {
                if (code != CoincidenceAccumulator.MISSING) {
                    codes[at++] = code;
                }
            }
            Arrays.sort(codes);
            distinct.computeIfAbsent(new DistinctUnit(codes), u -> new long[1])[0]++;
        }
    }

    /** Adds one unit; see {@link #addUnit(List)}. */
    public void addUnit(Object... unitValues) {
        addUnit(Arrays.asList(unitValues));
    }

    /** The coefficients for everything added so far. */
    public CodedAgreementResult result() {
        CategoryScale scale = scale();
        return new CodedAgreementResult(level, coders, accumulator.units(), accumulator.values(),
                accumulator.pairableUnits(), accumulator.pairableValues(), scale.labels(),
                accumulator.alpha(level, scale), accumulator.percentAgreement(), accumulator.fleissKappa(),
                accumulator.twoCoders(scale));
    }

    /**
     * Percentile bootstrap interval for alpha by resampling pairable units with replacement; see
     * {@link AlphaBootstrap}. Needs {@link #retainingUnits()}.
     */
    public AlphaBootstrap.Interval bootstrapAlpha(int samples, double confidence, long seed) {
        return bootstrapAlpha(samples, confidence, seed, Double.NaN);
    }

    /**
     * {@link #bootstrapAlpha(int, double, long)}, bias-corrected around {@code estimate} (alpha of the data; NaN:
     * the plain percentile interval). Only the grouped store ({@link #retainingDistinctUnits()}) corrects; the
     * per-unit store answers the percentile interval.
     */
    public AlphaBootstrap.Interval bootstrapAlpha(int samples, double confidence, long seed, double estimate) {
        if (distinct != null) {
            int[][] units = new int[distinct.size()][];
            long[] counts = new long[distinct.size()];
            int i = 0;
            for (Map.Entry<DistinctUnit, long[]> entry : distinct.entrySet()) {
                units[i] = entry.getKey().codes();
                counts[i++] = entry.getValue()[0];
            }
            return AlphaBootstrap.groupedInterval(units, counts, accumulator.categories(), level, scale(), samples,
                    confidence, seed, estimate);
        }
        if (retained == null) {
            throw new IllegalStateException("the bootstrap needs retainingUnits() before units are added");
        }
        return AlphaBootstrap.interval(retained.units(), accumulator.categories(), level, scale(), samples, confidence,
                seed);
    }

    /** The accumulator behind this instance, with this instance's category codes. */
    public CoincidenceAccumulator accumulator() {
        return accumulator;
    }

    /** The category order and values for the codes used so far. */
    public CategoryScale scale() {
        int k = labels.size();
        int[] positions = new int[k];
        double[] values = new double[k];
        if (declared) {
            for (int code = 0; code < k; code++) {
                positions[code] = code;
            }
        } else {
            Integer[] order = new Integer[k];
            for (int code = 0; code < k; code++) {
                order[code] = code;
            }
            Arrays.sort(order, Comparator.comparing(labels::get, CodedAgreement::compareKeys));
            for (int position = 0; position < k; position++) {
                positions[order[position]] = position;
            }
        }
        List<Object> ordered = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            ordered.add(null);
        }
        for (int code = 0; code < k; code++) {
            Object label = labels.get(code);
            ordered.set(positions[code], label);
            values[code] = label instanceof BigDecimal number ? number.doubleValue() : Double.NaN;
        }
        CategoryScale scale = new CategoryScale(ordered, positions, values);
        return distances == null ? scale : scale.withDistances(distances);
    }

    private int code(Object key, long unit, int coder) {
        Integer code = codes.get(key);
        if (code != null) {
            return code;
        }
        if (declared) {
            throw new IllegalArgumentException("units[" + unit + "][" + coder + "] is " + describe(key)
                    + ", which is not one of the declared categories");
        }
        code = labels.size();
        codes.put(key, code);
        labels.add(key);
        return code;
    }

    /** Canonical form: String stays, numbers become BigDecimal without trailing zeros; checks the level. */
    private Object key(Object value, String where) {
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            if (level.numeric()) {
                throw new IllegalArgumentException(where + " is the string \"" + text + "\", but the "
                        + level.jsonName() + " level needs numbers");
            }
            if (level == Level.ORDINAL && !declared) {
                throw new IllegalArgumentException(where + " is the string \"" + text + "\": ordinal values that are "
                        + "not numbers need a declared 'categories' list giving their order");
            }
            return text;
        }
        BigDecimal number = switch (value) {
            case BigDecimal decimal -> decimal;
            case BigInteger integer -> new BigDecimal(integer);
            case Integer i -> BigDecimal.valueOf(i);
            case Long l -> BigDecimal.valueOf(l);
            case Short s -> BigDecimal.valueOf(s);
            case Byte b -> BigDecimal.valueOf(b);
            case Double d when Double.isFinite(d) -> BigDecimal.valueOf(d);
            case Float f when Float.isFinite(f) -> new BigDecimal(Float.toString(f));
            default -> throw new IllegalArgumentException(where + " must be a string, a finite number or null, not "
                    + value.getClass().getSimpleName() + " " + value);
        };
        if (level.numeric() && Double.isInfinite(number.doubleValue())) {
            throw new IllegalArgumentException(where + " is " + number.toPlainString().substring(0, 20) + "..., too "
                    + "large for the " + level.jsonName() + " level");
        }
        if (level == Level.RATIO && number.signum() < 0) {
            throw new IllegalArgumentException(where + " is " + number.toPlainString() + ", but ratio values must not "
                    + "be negative");
        }
        return number.signum() == 0 ? BigDecimal.ZERO : number.stripTrailingZeros();
    }

    private static int compareKeys(Object a, Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y);
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        return a instanceof BigDecimal ? -1 : 1;
    }

    private static String describe(Object key) {
        return key instanceof BigDecimal number ? number.toPlainString() : "\"" + key + "\"";
    }

    /** Category codes of the pairable units, flat, for resampling. */
    /** A unit's sorted codes as a map key. */
    private record DistinctUnit(int[] codes) {
        @Override
        public boolean equals(Object other) {
            return other instanceof DistinctUnit u && Arrays.equals(codes, u.codes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(codes);
        }
    }

    private final class UnitStore {
        private int[] data = new int[64];
        private int size;
        private int count;

        void add(int[] unit) {
            int m = 0;
            for (int code : unit) {
                if (code != CoincidenceAccumulator.MISSING) {
                    m++;
                }
            }
            ensure(size + m + 1);
            data[size++] = m;
            for (int code : unit) {
                if (code != CoincidenceAccumulator.MISSING) {
                    data[size++] = code;
                }
            }
            count++;
        }

        private void ensure(int needed) {
            if (needed > data.length) {
                data = Arrays.copyOf(data, Math.max(needed, data.length * 2));
            }
        }

        int[][] units() {
            int[][] result = new int[count][];
            int at = 0;
            for (int u = 0; u < count; u++) {
                int m = data[at++];
                result[u] = Arrays.copyOfRange(data, at, at + m);
                at += m;
            }
            return result;
        }
    }
}
