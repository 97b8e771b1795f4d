package dev.touchstone.quality.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Properties every correct implementation has, checked on seeded random reliability data, and a brute-force
 * reference that computes alpha from its definition over pairs of values (no coincidence matrix).
 */
class AgreementPropertiesTest {

    private static final double TIGHT = 1e-12;
    private static final int SEEDS = 60;

    /** Random reliability data: values 1..categories, some missing; at least two categories appear. */
    static Integer[][] randomData(long seed) {
        Random random = new Random(seed);
        int units = 5 + random.nextInt(50);
        int coders = 2 + random.nextInt(5);
        int categories = 2 + random.nextInt(5);
        double missing = random.nextDouble() * 0.4;
        double agreement = random.nextDouble();
        Integer[][] data = new Integer[units][coders];
        for (int u = 0; u < units; u++) {
            int truth = 1 + random.nextInt(categories);
            for (int c = 0; c < coders; c++) {
                if (random.nextDouble() < missing) {
                    continue;
                }
                data[u][c] = random.nextDouble() < agreement ? truth : 1 + random.nextInt(categories);
            }
        }
        data[0][0] = 1;
        data[0][1] = 2; // variation guaranteed
        return data;
    }

    static CodedAgreementResult compute(Level level, Integer[][] data, List<?> categories) {
        CodedAgreement agreement = CodedAgreement.of(level, data[0].length, categories);
        for (Integer[] unit : data) {
            agreement.addUnit((Object[]) unit);
        }
        return agreement.result();
    }

    static CodedAgreementResult compute(Level level, Integer[][] data) {
        return compute(level, data, null);
    }

    /** Alpha from its definition over pairs of values: D_o within units, D_e across all pairable values. */
    static double bruteForceAlpha(Level level, Integer[][] data) {
        List<List<Integer>> pairable = new ArrayList<>();
        for (Integer[] unit : data) {
            List<Integer> values = Arrays.stream(unit).filter(v -> v != null).toList();
            if (values.size() >= 2) {
                pairable.add(values);
            }
        }
        List<Integer> all = pairable.stream().flatMap(List::stream).toList();
        double n = all.size();
        TreeMap<Integer, Integer> counts = new TreeMap<>();
        all.forEach(v -> counts.merge(v, 1, Integer::sum));
        double observed = 0;
        for (List<Integer> unit : pairable) {
            double within = 0;
            for (int i = 0; i < unit.size(); i++) {
                for (int j = 0; j < unit.size(); j++) {
                    if (i != j) {
                        within += delta2(level, unit.get(i), unit.get(j), counts);
                    }
                }
            }
            observed += within / (unit.size() - 1);
        }
        double expected = 0;
        for (int i = 0; i < all.size(); i++) {
            for (int j = 0; j < all.size(); j++) {
                if (i != j) {
                    expected += delta2(level, all.get(i), all.get(j), counts);
                }
            }
        }
        return 1 - (observed / n) / (expected / (n * (n - 1)));
    }

    private static double delta2(Level level, int a, int b, TreeMap<Integer, Integer> counts) {
        if (a == b) {
            return 0;
        }
        return switch (level) {
            case NOMINAL -> 1;
            case ORDINAL -> {
                double sum = counts.subMap(Math.min(a, b), true, Math.max(a, b), true).values().stream()
                        .mapToInt(Integer::intValue).sum();
                double d = sum - (counts.get(a) + counts.get(b)) / 2.0;
                yield d * d;
            }
            case INTERVAL -> (double) (a - b) * (a - b);
            case RATIO -> Math.pow((double) (a - b) / (a + b), 2);
        };
    }

    @ParameterizedTest
    @EnumSource(Level.class)
    void alphaWithMissingDataMatchesTheDefinition(Level level) {
        for (long seed = 0; seed < SEEDS; seed++) {
            Integer[][] data = randomData(seed);
            assertThat(compute(level, data).krippendorffAlpha()).as("seed %d", seed)
                    .isCloseTo(bruteForceAlpha(level, data), within(1e-9));
        }
    }

    @ParameterizedTest
    @EnumSource(Level.class)
    void identicalCodersAgreePerfectly(Level level) {
        for (long seed = 0; seed < SEEDS; seed++) {
            Integer[][] data = randomData(seed);
            for (Integer[] unit : data) {
                Integer first = Arrays.stream(unit).filter(v -> v != null).findFirst().orElse(null);
                for (int c = 0; c < unit.length; c++) {
                    if (unit[c] != null) {
                        unit[c] = first;
                    }
                }
            }
            data[0] = new Integer[data[0].length];
            data[0][0] = data[0][1] = 1;
            data[1] = new Integer[data[1].length];
            data[1][0] = data[1][1] = 2;
            CodedAgreementResult result = compute(level, data);
            assertThat(result.krippendorffAlpha()).as("seed %d", seed).isEqualTo(1.0, within(TIGHT));
            assertThat(result.percentAgreement()).isEqualTo(1.0, within(TIGHT));
            result.fleissKappa().ifPresent(kappa -> assertThat(kappa).isEqualTo(1.0, within(TIGHT)));
            result.twoCoders().ifPresent(two -> {
                assertThat(two.cohenKappa()).isEqualTo(1.0, within(TIGHT));
                assertThat(two.scottsPi()).isEqualTo(1.0, within(TIGHT));
                assertThat(two.weightedKappaLinear()).isEqualTo(1.0, within(TIGHT));
                assertThat(two.weightedKappaQuadratic()).isEqualTo(1.0, within(TIGHT));
            });
        }
    }

    @ParameterizedTest
    @EnumSource(Level.class)
    void coderAndUnitOrderDoNotMatter(Level level) {
        for (long seed = 0; seed < SEEDS; seed++) {
            Integer[][] data = randomData(seed);
            CodedAgreementResult original = compute(level, data);
            Random random = new Random(seed + 1000);

            List<Integer> coderOrder = new ArrayList<>();
            for (int c = 0; c < data[0].length; c++) {
                coderOrder.add(c);
            }
            Collections.shuffle(coderOrder, random);
            Integer[][] codersShuffled = new Integer[data.length][];
            for (int u = 0; u < data.length; u++) {
                codersShuffled[u] = new Integer[data[u].length];
                for (int c = 0; c < data[u].length; c++) {
                    codersShuffled[u][c] = data[u][coderOrder.get(c)];
                }
            }
            assertSame(original, compute(level, codersShuffled));

            List<Integer[]> units = new ArrayList<>(Arrays.asList(data));
            Collections.shuffle(units, random);
            assertSame(original, compute(level, units.toArray(Integer[][]::new)));
        }
    }

    private static void assertSame(CodedAgreementResult expected, CodedAgreementResult actual) {
        assertThat(actual.krippendorffAlpha()).isCloseTo(expected.krippendorffAlpha(), within(TIGHT));
        assertThat(actual.percentAgreement()).isCloseTo(expected.percentAgreement(), within(TIGHT));
        assertThat(actual.fleissKappa().isPresent()).isEqualTo(expected.fleissKappa().isPresent());
        expected.fleissKappa().ifPresent(kappa ->
                assertThat(actual.fleissKappa().getAsDouble()).isCloseTo(kappa, within(TIGHT)));
        assertThat(actual.twoCoders().isPresent()).isEqualTo(expected.twoCoders().isPresent());
        expected.twoCoders().ifPresent(two -> {
            TwoCoderAgreement other = actual.twoCoders().orElseThrow();
            assertThat(other.units()).isEqualTo(two.units());
            assertThat(other.cohenKappa()).isCloseTo(two.cohenKappa(), within(TIGHT));
            assertThat(other.scottsPi()).isCloseTo(two.scottsPi(), within(TIGHT));
            assertThat(other.weightedKappaLinear()).isCloseTo(two.weightedKappaLinear(), within(TIGHT));
            assertThat(other.weightedKappaQuadratic()).isCloseTo(two.weightedKappaQuadratic(), within(TIGHT));
        });
        assertThat(actual.pairableValues()).isEqualTo(expected.pairableValues());
    }

    @ParameterizedTest
    @EnumSource(Level.class)
    void unitsWithFewerThanTwoValuesAreIgnored(Level level) {
        for (long seed = 0; seed < SEEDS; seed++) {
            Integer[][] data = randomData(seed);
            CodedAgreementResult original = compute(level, data);
            int coders = data[0].length;
            List<Integer[]> extended = new ArrayList<>(Arrays.asList(data));
            extended.add(new Integer[coders]);
            Integer[] single = new Integer[coders];
            single[coders - 1] = 1;
            extended.add(single);
            Integer[] another = new Integer[coders];
            another[0] = 3;
            extended.add(1, another);
            CodedAgreementResult result = compute(level, extended.toArray(Integer[][]::new));

            assertThat(result.krippendorffAlpha()).isCloseTo(original.krippendorffAlpha(), within(TIGHT));
            assertThat(result.percentAgreement()).isCloseTo(original.percentAgreement(), within(TIGHT));
            assertThat(result.pairableUnits()).isEqualTo(original.pairableUnits());
            assertThat(result.pairableValues()).isEqualTo(original.pairableValues());
            assertThat(result.units()).isEqualTo(original.units() + 3);
            assertThat(result.values()).isEqualTo(original.values() + 2);
            // Units of one value make the number of values per unit unequal: Fleiss' kappa no longer applies.
            assertThat(result.fleissKappa()).isEmpty();
        }
    }

    @Test
    void unitsWithoutAnyValueDoNotStopFleissKappa() {
        Integer[][] complete = {{1, 1, 2}, {2, 2, 2}, {1, 3, 3}, {3, 3, 3}};
        Integer[][] withEmpty = {{1, 1, 2}, {null, null, null}, {2, 2, 2}, {1, 3, 3}, {3, 3, 3}};
        assertThat(compute(Level.NOMINAL, withEmpty).fleissKappa().getAsDouble())
                .isCloseTo(compute(Level.NOMINAL, complete).fleissKappa().getAsDouble(), within(TIGHT));
        Integer[][] oneMissing = {{1, 1, 2}, {2, null, 2}, {1, 3, 3}, {3, 3, 3}};
        assertThat(compute(Level.NOMINAL, oneMissing).fleissKappa()).isEmpty();
    }

    /**
     * With every unit coded by all m coders (the case some tools get wrong for m > 2), nominal alpha and Fleiss'
     * kappa differ only by the small-sample factor: 1 - alpha = (1 - kappa) (n - 1) / n, n = number of values.
     */
    @Test
    void completeDataWithManyCodersMatchesFleissKappa() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Integer[][] data = randomData(seed);
            for (Integer[] unit : data) {
                for (int c = 0; c < unit.length; c++) {
                    if (unit[c] == null) {
                        unit[c] = 1 + (int) (seed % 3);
                    }
                }
            }
            CodedAgreementResult result = compute(Level.NOMINAL, data);
            double n = result.pairableValues();
            double kappa = result.fleissKappa().orElseThrow();
            assertThat(1 - result.krippendorffAlpha()).as("seed %d", seed)
                    .isCloseTo((1 - kappa) * (n - 1) / n, within(TIGHT));
        }
    }

    /**
     * A complete 3-coder, 10-unit matrix on which two R packages were reported to disagree (gesistsa/oolong issue
     * 96). By hand: n = 30 values (26 of category 2, 4 of category 1), D_o = 8/30 from six disagreeing units, so
     * alpha = 1 - 29 * 8 / (2 * 26 * 4) = 9/125 = 0.072 at nominal level.
     */
    @Test
    void completeDataThreeCodersByHand() {
        Integer[][] data = new Integer[10][];
        for (int u = 0; u < 10; u++) {
            data[u] = new Integer[]{2, u == 0 ? 1 : 2, u < 4 ? 1 : 2};
        }
        CodedAgreementResult result = compute(Level.NOMINAL, data);
        PublishedExamplesTest.assertExact(result.krippendorffAlpha(), Fraction.of(9, 125));
        assertThat(result.krippendorffAlpha()).isCloseTo(bruteForceAlpha(Level.NOMINAL, data), within(TIGHT));
    }

    /** Two coders, no missing data: 1 - alpha = (1 - pi) (2N - 1) / 2N (Krippendorff 2004). */
    @Test
    void twoCodersAlphaIsScottsPiCorrectedForSampleSize() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Random random = new Random(seed);
            int units = 3 + random.nextInt(40);
            Integer[][] data = new Integer[units][];
            for (int u = 0; u < units; u++) {
                data[u] = new Integer[]{1 + random.nextInt(4), 1 + random.nextInt(4)};
            }
            data[0] = new Integer[]{1, 2};
            CodedAgreementResult result = compute(Level.NOMINAL, data);
            double twoN = 2.0 * units;
            assertThat(1 - result.krippendorffAlpha())
                    .isCloseTo((1 - result.twoCoders().orElseThrow().scottsPi()) * (twoN - 1) / twoN, within(TIGHT));
        }
    }

    /**
     * Quadratically weighted kappa equals 2 s_xy / (s_x^2 + s_y^2 + (mean_x - mean_y)^2) on category positions,
     * with moments over the N units both coded (Cohen 1968; Fleiss and Cohen 1973).
     */
    @Test
    void quadraticKappaIsTheMomentFormula() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Random random = new Random(seed);
            int units = 3 + random.nextInt(40);
            Integer[][] data = new Integer[units][];
            for (int u = 0; u < units; u++) {
                int x = 1 + random.nextInt(5);
                data[u] = new Integer[]{x, random.nextBoolean() ? x : 1 + random.nextInt(5)};
            }
            data[0] = new Integer[]{1, 2};
            data[1] = new Integer[]{5, null};
            List<Integer> categories = List.of(1, 2, 3, 4, 5);
            TwoCoderAgreement two = compute(Level.ORDINAL, data, categories).twoCoders().orElseThrow();
            double mx = 0;
            double my = 0;
            int n = 0;
            for (Integer[] unit : data) {
                if (unit[0] != null && unit[1] != null) {
                    mx += unit[0];
                    my += unit[1];
                    n++;
                }
            }
            mx /= n;
            my /= n;
            double sxy = 0;
            double sxx = 0;
            double syy = 0;
            for (Integer[] unit : data) {
                if (unit[0] != null && unit[1] != null) {
                    sxy += (unit[0] - mx) * (unit[1] - my);
                    sxx += (unit[0] - mx) * (unit[0] - mx);
                    syy += (unit[1] - my) * (unit[1] - my);
                }
            }
            double expected = 2 * sxy / n / (sxx / n + syy / n + (mx - my) * (mx - my));
            assertThat(two.units()).isEqualTo(n);
            assertThat(two.weightedKappaQuadratic()).isCloseTo(expected, within(1e-12));
        }
    }

    /**
     * Weights come from the declared category list: an unused category in the middle of the scale widens the
     * distance between its neighbours. Tools that build weights from the observed levels only give another number.
     */
    @Test
    void weightsUseTheDeclaredCategoriesNotJustTheObservedOnes() {
        Integer[][] data = {{1, 1}, {1, 2}, {2, 2}, {2, 5}, {5, 5}, {5, 5}, {1, 5}, {2, 1}};
        TwoCoderAgreement declared = compute(Level.ORDINAL, data, List.of(1, 2, 3, 4, 5)).twoCoders().orElseThrow();
        TwoCoderAgreement observed = compute(Level.ORDINAL, data).twoCoders().orElseThrow();

        // Linear weighted kappa = 1 - N sum |i - j| n_ij / sum |i - j| r_i c_j over positions i, j. Row totals
        // (first coder) 1: 3, 2: 3, 5: 2; column totals 1: 2, 2: 2, 5: 4; N = 8.
        // Declared positions 0, 1, 4: observed sum 1 + 3 + 4 + 1 = 9, expected sum 54 + 42 + 28 = 124.
        PublishedExamplesTest.assertExact(declared.weightedKappaLinear(), Fraction.of(124 - 72, 124));
        // Observed positions 0, 1, 2: observed sum 1 + 1 + 2 + 1 = 5, expected sum 30 + 18 + 12 = 60.
        PublishedExamplesTest.assertExact(observed.weightedKappaLinear(), Fraction.of(60 - 40, 60));
        assertThat(declared.weightedKappaLinear()).isNotCloseTo(observed.weightedKappaLinear(), within(0.01));
        // Alpha and the unweighted coefficients do not depend on unused categories.
        assertThat(compute(Level.ORDINAL, data, List.of(1, 2, 3, 4, 5)).krippendorffAlpha())
                .isCloseTo(compute(Level.ORDINAL, data).krippendorffAlpha(), within(TIGHT));
        assertThat(declared.cohenKappa()).isCloseTo(observed.cohenKappa(), within(TIGHT));
    }

    @Test
    void intervalAlphaIgnoresLinearRescalingAndRatioAlphaIgnoresScaling() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Integer[][] data = randomData(seed);
            Integer[][] shifted = new Integer[data.length][];
            Integer[][] scaled = new Integer[data.length][];
            for (int u = 0; u < data.length; u++) {
                shifted[u] = Arrays.stream(data[u]).map(v -> v == null ? null : 3 * v + 7).toArray(Integer[]::new);
                scaled[u] = Arrays.stream(data[u]).map(v -> v == null ? null : 10 * v).toArray(Integer[]::new);
            }
            assertThat(compute(Level.INTERVAL, shifted).krippendorffAlpha())
                    .isCloseTo(compute(Level.INTERVAL, data).krippendorffAlpha(), within(1e-12));
            assertThat(compute(Level.RATIO, scaled).krippendorffAlpha())
                    .isCloseTo(compute(Level.RATIO, data).krippendorffAlpha(), within(1e-12));
            assertThat(compute(Level.ORDINAL, shifted).krippendorffAlpha())
                    .isCloseTo(compute(Level.ORDINAL, data).krippendorffAlpha(), within(1e-12));
        }
    }

    @Test
    void accumulatorsCanBeMerged() {
        for (long seed = 0; seed < 20; seed++) {
            Random random = new Random(seed);
            int coders = 2 + random.nextInt(4);
            CoincidenceAccumulator whole = new CoincidenceAccumulator(coders, 2);
            CoincidenceAccumulator left = new CoincidenceAccumulator(coders, 2);
            CoincidenceAccumulator right = new CoincidenceAccumulator(coders, 3);
            for (int u = 0; u < 200; u++) {
                int[] unit = new int[coders];
                for (int c = 0; c < coders; c++) {
                    unit[c] = random.nextInt(10) == 0 ? CoincidenceAccumulator.MISSING : random.nextInt(12);
                }
                whole.addUnit(unit);
                (u % 3 == 0 ? left : right).addUnit(unit);
            }
            left.add(right);
            for (Level level : Level.values()) {
                assertThat(left.alpha(level)).isCloseTo(whole.alpha(level), within(TIGHT));
            }
            assertThat(left.pairs()).isEqualTo(whole.pairs());
            assertThat(left.marginals()).isEqualTo(whole.marginals());
            assertThat(left.units()).isEqualTo(whole.units());
            assertThat(left.fleissKappa().isPresent()).isEqualTo(whole.fleissKappa().isPresent());
            if (coders == 2) {
                CategoryScale scale = CategoryScale.ofCodes(whole.categories());
                assertThat(left.twoCoders(scale).orElseThrow().cohenKappa())
                        .isCloseTo(whole.twoCoders(scale).orElseThrow().cohenKappa(), within(TIGHT));
            }
        }
    }

    @Test
    void undefinedCoefficientsAreNaN() {
        CodedAgreementResult oneCategory = compute(Level.NOMINAL, new Integer[][]{{1, 1}, {1, 1}, {1, null}});
        assertThat(oneCategory.krippendorffAlpha()).isNaN();
        assertThat(oneCategory.percentAgreement()).isEqualTo(1.0);
        assertThat(oneCategory.twoCoders().orElseThrow().cohenKappa()).isNaN();

        CodedAgreementResult nothingPairable = compute(Level.NOMINAL, new Integer[][]{{1, null}, {null, 2}});
        assertThat(nothingPairable.krippendorffAlpha()).isNaN();
        assertThat(nothingPairable.percentAgreement()).isNaN();
        assertThat(nothingPairable.fleissKappa()).isEmpty();
        assertThat(nothingPairable.twoCoders().orElseThrow().units()).isZero();
    }

    @Test
    void bootstrapIsDeterministicForASeedAndBracketsAlpha() {
        Integer[][] data = randomData(7);
        CodedAgreement agreement = CodedAgreement.of(Level.ORDINAL, data[0].length, null).retainingUnits();
        for (Integer[] unit : data) {
            agreement.addUnit((Object[]) unit);
        }
        AlphaBootstrap.Interval first = agreement.bootstrapAlpha(2000, 0.95, 42);
        AlphaBootstrap.Interval again = agreement.bootstrapAlpha(2000, 0.95, 42);
        AlphaBootstrap.Interval other = agreement.bootstrapAlpha(2000, 0.95, 43);
        double alpha = agreement.result().krippendorffAlpha();

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(first.lower()).isLessThan(alpha);
        assertThat(first.upper()).isGreaterThan(alpha);
        AlphaBootstrap.Interval narrower = agreement.bootstrapAlpha(2000, 0.5, 42);
        assertThat(narrower.lower()).isGreaterThanOrEqualTo(first.lower());
        assertThat(narrower.upper()).isLessThanOrEqualTo(first.upper());
    }

    @Test
    void distinctUnitsGiveTheSameAlphaAndAnIntervalWithinMonteCarloErrorOfAllUnits() {
        Integer[][] data = randomData(11);
        CodedAgreement all = CodedAgreement.of(Level.ORDINAL, data[0].length, null).retainingUnits();
        CodedAgreement distinct = CodedAgreement.of(Level.ORDINAL, data[0].length, null).retainingDistinctUnits();
        for (Integer[] unit : data) {
            all.addUnit((Object[]) unit);
            distinct.addUnit((Object[]) unit);
        }
        assertThat(distinct.result().krippendorffAlpha()).isEqualTo(all.result().krippendorffAlpha());
        AlphaBootstrap.Interval exact = all.bootstrapAlpha(4000, 0.95, 42);
        AlphaBootstrap.Interval grouped = distinct.bootstrapAlpha(4000, 0.95, 42);
        double width = exact.upper() - exact.lower();
        assertThat(grouped.lower()).isCloseTo(exact.lower(), within(0.1 * width));
        assertThat(grouped.upper()).isCloseTo(exact.upper(), within(0.1 * width));
        assertThat(distinct.bootstrapAlpha(4000, 0.95, 42)).as("deterministic for a seed").isEqualTo(grouped);
    }

    @Test
    void bootstrapOfPerfectAgreementIsOne() {
        CodedAgreement agreement = CodedAgreement.of(Level.NOMINAL, 3, null).retainingUnits();
        for (int u = 0; u < 30; u++) {
            String value = u % 2 == 0 ? "yes" : "no";
            agreement.addUnit(value, value, u % 5 == 0 ? null : value);
        }
        AlphaBootstrap.Interval interval = agreement.bootstrapAlpha(500, 0.95, 1);
        assertThat(interval.lower()).isEqualTo(1.0, within(TIGHT));
        assertThat(interval.upper()).isEqualTo(1.0, within(TIGHT));
    }

    @Test
    void quantilesInterpolateLinearly() {
        double[] sorted = {1, 2, 3, 4, 5};
        assertThat(AlphaBootstrap.quantile(sorted, 0)).isEqualTo(1);
        assertThat(AlphaBootstrap.quantile(sorted, 0.5)).isEqualTo(3);
        assertThat(AlphaBootstrap.quantile(sorted, 0.125)).isEqualTo(1.5);
        assertThat(AlphaBootstrap.quantile(sorted, 1)).isEqualTo(5);
    }

    @Test
    void valuesAreComparedByValueAndValidatedAgainstTheLevel() {
        CodedAgreement agreement = CodedAgreement.of(Level.NOMINAL, 2, null);
        agreement.addUnit(1, new java.math.BigDecimal("1.00"));
        agreement.addUnit(2.0, 2L);
        agreement.addUnit("1", 1);
        CodedAgreementResult result = agreement.result();
        assertThat(result.categories()).hasSize(3); // 1, 2 and the string "1"
        assertThat(result.percentAgreement()).isEqualTo(2.0 / 3);

        assertThatThrownBy(() -> CodedAgreement.of(Level.INTERVAL, 2, null).addUnit("high", 1))
                .hasMessageContaining("units[0][0]").hasMessageContaining("needs numbers");
        assertThatThrownBy(() -> CodedAgreement.of(Level.RATIO, 2, null).addUnit(1, -1))
                .hasMessageContaining("units[0][1]").hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> CodedAgreement.of(Level.ORDINAL, 2, null).addUnit("low", "high"))
                .hasMessageContaining("declared 'categories'");
        assertThatThrownBy(() -> CodedAgreement.of(Level.NOMINAL, 2, List.of("a", "b")).addUnit("a", "c"))
                .hasMessageContaining("units[0][1] is \"c\", which is not one of the declared categories");
        assertThatThrownBy(() -> CodedAgreement.of(Level.NOMINAL, 2, List.of("a", "a")))
                .hasMessageContaining("categories[1] repeats");
        assertThatThrownBy(() -> CodedAgreement.of(Level.NOMINAL, 3, null).addUnit(1, 2))
                .hasMessageContaining("expected one per coder");
        assertThatThrownBy(() -> CodedAgreement.of(Level.NOMINAL, 1, null))
                .hasMessageContaining("at least two coders");
        assertThatThrownBy(() -> CodedAgreement.of(Level.NOMINAL, 2, null).addUnit(true, 1))
                .hasMessageContaining("must be a string, a finite number or null");
        assertThatThrownBy(() -> Level.parse("cardinal")).hasMessageContaining("unknown level 'cardinal'");
    }

    @Test
    void ordinalStringsFollowTheDeclaredOrder() {
        List<String> scale = List.of("low", "medium", "high");
        CodedAgreement words = CodedAgreement.of(Level.ORDINAL, 2, scale);
        CodedAgreement numbers = CodedAgreement.of(Level.ORDINAL, 2, null);
        String[][] pairs = {{"low", "medium"}, {"high", "high"}, {"low", "low"}, {"medium", "high"}, {"low", "high"}};
        for (String[] pair : pairs) {
            words.addUnit((Object[]) pair);
            numbers.addUnit(scale.indexOf(pair[0]), scale.indexOf(pair[1]));
        }
        assertThat(words.result().categories()).containsExactly("low", "medium", "high");
        assertThat(words.result().krippendorffAlpha())
                .isCloseTo(numbers.result().krippendorffAlpha(), within(TIGHT));
        assertThat(words.result().twoCoders().orElseThrow().weightedKappaQuadratic())
                .isCloseTo(numbers.result().twoCoders().orElseThrow().weightedKappaQuadratic(), within(TIGHT));
    }
}
