package dev.touchstone.quality.engine;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The bias-corrected (BC) percentile levels behind the alpha intervals of the dashboard and the release report. */
class AlphaBootstrapBiasCorrectionTest {

    @Test
    void theNormalFunctionsAreAccurate() {
        assertThat(AlphaBootstrap.Normal.cdf(0)).isCloseTo(0.5, within(1e-7));
        assertThat(AlphaBootstrap.Normal.cdf(1.959963984540054)).isCloseTo(0.975, within(1e-7));
        assertThat(AlphaBootstrap.Normal.inverse(0.975)).isCloseTo(1.959963984540054, within(1e-6));
        assertThat(AlphaBootstrap.Normal.inverse(0.001)).isCloseTo(-3.090232306167813, within(1e-6));
    }

    @Test
    void whenHalfTheReplicatesLieBelowTheEstimateBcIsThePercentileInterval() {
        double[] sorted = new double[1000];
        Arrays.setAll(sorted, i -> (i + 1) / 1000.0);
        double[] levels = AlphaBootstrap.biasCorrected(sorted, 0.5005, 0.95);
        assertThat(levels[0]).isCloseTo(0.025, within(1e-6));
        assertThat(levels[1]).isCloseTo(0.975, within(1e-6));
    }

    @Test
    void aBiasedBootstrapIsShiftedTowardsTheEstimatesSide() {
        // replicates 0.001 .. 1.000 and an estimate with 900 of them below: the resamples run low (median bias),
        // z0 = Φ⁻¹(0.9) = 1.2816, levels Φ(2 z0 − 1.96) = 0.7267 and Φ(2 z0 + 1.96) = 0.999997
        double[] sorted = new double[1000];
        Arrays.setAll(sorted, i -> (i + 1) / 1000.0);
        double[] levels = AlphaBootstrap.biasCorrected(sorted, 0.9005, 0.95);
        assertThat(levels[0]).isCloseTo(0.7267, within(1e-4));
        assertThat(levels[1]).isCloseTo(0.999997, within(1e-6));
        assertThat(AlphaBootstrap.quantile(sorted, levels[0])).isLessThan(0.9005);
        assertThat(AlphaBootstrap.quantile(sorted, levels[1])).isGreaterThan(0.9005);
    }

    @Test
    void anEstimateWithAlmostEveryReplicateBelowItEndsOnAnEndAndIsNotShown() {
        // 975 of 1000 below: the plain interval's upper end is the estimate, and BC's lower end is: no method makes
        // such a bootstrap say something, so the interval is left out (Intervals.alpha: it must contain the estimate
        // strictly)
        double[] sorted = new double[1000];
        Arrays.setAll(sorted, i -> (i + 1) / 1000.0);
        double estimate = AlphaBootstrap.quantile(sorted, 0.975);
        double[] levels = AlphaBootstrap.biasCorrected(sorted, estimate, 0.95);
        assertThat(levels[0]).isCloseTo(0.975, within(1e-6));
        double lower = AlphaBootstrap.quantile(sorted, levels[0]);
        double upper = AlphaBootstrap.quantile(sorted, levels[1]);
        assertThat(lower).isCloseTo(estimate, within(1e-6));
        assertThat(dev.touchstone.quality.Intervals.alpha(estimate, 1000, lower, upper)).isNull();
    }

    @Test
    void groupedIntervalWithTheEstimateContainsIt() {
        // 12 tasks of three coders on two classes; alpha of the data as the estimate
        int[][] units = {{0, 0, 0}, {1, 1, 1}, {0, 0, 1}, {0, 1, 1}};
        long[] counts = {5, 3, 2, 2};
        CoincidenceAccumulator accumulator = new CoincidenceAccumulator(3, 2);
        for (int u = 0; u < units.length; u++) {
            for (long c = 0; c < counts[u]; c++) {
                accumulator.addUnit(units[u]);
            }
        }
        double alpha = accumulator.alpha(Level.NOMINAL, CategoryScale.ofCodes(2));
        AlphaBootstrap.Interval bc = AlphaBootstrap.groupedInterval(units, counts, 2, Level.NOMINAL,
                CategoryScale.ofCodes(2), 1000, 0.95, 1, alpha);
        assertThat(bc.lower()).isLessThan(alpha);
        assertThat(bc.upper()).isGreaterThan(alpha);
    }
}
