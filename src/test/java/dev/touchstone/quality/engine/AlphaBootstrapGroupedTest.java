package dev.touchstone.quality.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The grouped bootstrap (distinct units with multiplicities, multinomial draws) against the unit-by-unit one on the
 * same data: the same interval up to Monte Carlo error, and the binomial draws have the right mean and variance.
 */
class AlphaBootstrapGroupedTest {

    @Test
    void groupedIntervalMatchesTheUnitByUnitBootstrap() {
        int[][] distinct = {{0, 0, 0}, {0, 0, 1}, {1, 1, 1}, {0, 1, 2}, {2, 2, 2}, {1, 2, 2}, {0, 0}};
        long[] counts = {400, 120, 300, 60, 250, 90, 30};
        List<int[]> expanded = new ArrayList<>();
        for (int u = 0; u < distinct.length; u++) {
            for (int c = 0; c < counts[u]; c++) {
                expanded.add(distinct[u]);
            }
        }
        CategoryScale scale = CategoryScale.ofCodes(3);
        for (Level level : List.of(Level.NOMINAL, Level.ORDINAL)) {
            AlphaBootstrap.Interval plain = AlphaBootstrap.interval(expanded.toArray(int[][]::new), 3, level, scale,
                    4000, 0.95, 7);
            AlphaBootstrap.Interval grouped = AlphaBootstrap.groupedInterval(distinct, counts, 3, level, scale, 4000,
                    0.95, 7);
            assertThat(grouped.lower()).as(level.jsonName()).isCloseTo(plain.lower(), within(0.01));
            assertThat(grouped.upper()).as(level.jsonName()).isCloseTo(plain.upper(), within(0.01));
            assertThat(grouped.samples()).isEqualTo(4000);
        }
        AlphaBootstrap.Interval again = AlphaBootstrap.groupedInterval(distinct, counts, 3, Level.NOMINAL, scale,
                1000, 0.95, 7);
        assertThat(AlphaBootstrap.groupedInterval(distinct, counts, 3, Level.NOMINAL, scale, 1000, 0.95, 7))
                .as("seeded").isEqualTo(again);
    }

    @Test
    void numbersFromMomentsMatchTheIntervalMetricBootstrap() {
        double[][] distinct = {{1.0, 1.1, 1.0}, {2.0, 2.0}, {3.5, 3.0, 4.0}, {0.5, 0.5, 0.5}, {2.5, 1.5, 2.0}};
        long[] counts = {300, 200, 150, 250, 100};
        List<Double> values = new ArrayList<>();
        for (double[] unit : distinct) {
            for (double v : unit) {
                if (!values.contains(v)) {
                    values.add(v);
                }
            }
        }
        values.sort(null);
        List<int[]> expanded = new ArrayList<>();
        for (int u = 0; u < distinct.length; u++) {
            int[] codes = java.util.Arrays.stream(distinct[u]).mapToInt(v -> values.indexOf(v)).toArray();
            for (int c = 0; c < counts[u]; c++) {
                expanded.add(codes);
            }
        }
        CategoryScale scale = new CategoryScale(values, java.util.stream.IntStream.range(0, values.size()).toArray(),
                values.stream().mapToDouble(Double::doubleValue).toArray());
        AlphaBootstrap.Interval plain = AlphaBootstrap.interval(expanded.toArray(int[][]::new), values.size(),
                Level.INTERVAL, scale, 4000, 0.95, 5);
        AlphaBootstrap.Interval grouped = AlphaBootstrap.groupedIntervalOfNumbers(distinct, counts, 4000, 0.95, 5);
        assertThat(grouped.lower()).isCloseTo(plain.lower(), within(0.01));
        assertThat(grouped.upper()).isCloseTo(plain.upper(), within(0.01));
    }

    @Test
    void binomialDrawsHaveTheBinomialMeanAndVariance() {
        SplittableRandom random = new SplittableRandom(3);
        for (double[] np : new double[][]{{50, 0.1}, {100_000, 0.0002}, {100_000, 0.3}, {1000, 0.9}}) {
            long n = (long) np[0];
            double p = np[1];
            int draws = 40_000;
            double sum = 0;
            double sum2 = 0;
            for (int i = 0; i < draws; i++) {
                long x = AlphaBootstrap.binomial(random, n, p);
                assertThat(x).isBetween(0L, n);
                sum += x;
                sum2 += (double) x * x;
            }
            double mean = sum / draws;
            double variance = sum2 / draws - mean * mean;
            double expectedVariance = n * p * (1 - p);
            assertThat(mean).isCloseTo(n * p, within(5 * Math.sqrt(expectedVariance / draws) + 1e-9));
            assertThat(variance).isCloseTo(expectedVariance, within(0.05 * expectedVariance + 0.1));
        }
    }
}
