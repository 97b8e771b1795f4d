package dev.touchstone.quality;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The worked examples of docs/quality/dashboards.md, "Intervals". */
class IntervalsTest {

    @Test
    void belowTenTasksThereIsNoIntervalButTooFewTasks() {
        // issue 17 item 3: one task used to show 1.00 [1.00, 1.00]
        assertThat(Intervals.meanAgreement(1.0, 1)).isNull();
        assertThat(Intervals.meanAgreement(0.8, 9)).isNull();
        assertThat(Intervals.text(1.0, Intervals.meanAgreement(1.0, 1))).isEqualTo("1.00 (too few tasks)");
    }

    @Test
    void tenTasksThatAllAgreeStillHaveAnHonestInterval() {
        // Wilson at p = 1: lower = n / (n + z^2) = 10 / 13.8415 = 0.7225
        Intervals.Interval interval = Intervals.meanAgreement(1.0, 10);
        assertThat(interval.lower()).isCloseTo(10 / (10 + 1.959963984540054 * 1.959963984540054), within(1e-12));
        assertThat(interval.lower()).isCloseTo(0.7225, within(1e-4));
        assertThat(interval.upper()).isEqualTo(1.0);
        assertThat(Intervals.text(1.0, interval)).isEqualTo("1.00 [0.72, 1.00]");
    }

    @Test
    void theWorkedExampleOfTheDocs() {
        // 20 tasks, mean 0.75: centre (0.75 + 1.9208/20) / (1 + 3.8415/20) = 0.7097,
        // half-width 1.96 / 1.1921 · sqrt(0.75 · 0.25 / 20 + 3.8415 / 1600) = 0.1669
        Intervals.Interval interval = Intervals.meanAgreement(0.75, 20);
        assertThat(interval.lower()).isCloseTo(0.5312, within(1e-4));
        assertThat(interval.upper()).isCloseTo(0.8881, within(1e-4));
        assertThat(Intervals.text(0.75, interval)).isEqualTo("0.75 [0.53, 0.89]");
    }

    @Test
    void theMeanIsAlwaysInsideItsInterval() {
        for (int n = Intervals.MIN_TASKS; n <= 200; n += 7) {
            for (int k = 0; k <= 20; k++) {
                double mean = k / 20.0;
                Intervals.Interval interval = Intervals.meanAgreement(mean, n);
                assertThat(interval.lower()).isLessThanOrEqualTo(mean);
                assertThat(interval.upper()).isGreaterThanOrEqualTo(mean);
                assertThat(interval.upper() - interval.lower()).isPositive();
            }
        }
    }

    @Test
    void anAlphaIntervalNeedsTenUnitsAndMustContainTheEstimate() {
        // issue 17 item 3: "-0.20 [-0.50, -0.20]" came from a handful of tasks
        assertThat(Intervals.alpha(-0.2, 4, -0.5, -0.2)).isNull();
        assertThat(Intervals.alpha(0.4, 12, 0.45, 0.8)).as("estimate outside").isNull();
        assertThat(Intervals.alpha(0.4, 12, Double.NaN, 0.8)).isNull();
        assertThat(Intervals.alpha(0.4, 12, 0.1, 0.6)).isEqualTo(new Intervals.Interval(0.1, 0.6));
    }
}
