package dev.touchstone.dataset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntervalStatsTest {

    @Test
    void regularStreamGetsItsExactRateAndNoGaps() {
        IntervalStats stats = new IntervalStats();
        for (int i = 0; i < 30_000; i++) {
            stats.add(1_000_000L + i * 3_333_333L);
        }
        assertThat(stats.samples()).isEqualTo(30_000);
        assertThat(stats.medianInterval()).isEqualTo(3_333_333L);
        assertThat(stats.rateHz()).isCloseTo(300.00003, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(stats.gapCount()).isZero();
        assertThat(stats.droppedCount()).isZero();
        assertThat(stats.first()).isEqualTo(1_000_000L);
    }

    @Test
    void gapsCountMissingSamplesByHowManyIntervalsTheySpan() {
        IntervalStats stats = new IntervalStats();
        long t = 0;
        for (int i = 0; i < 1000; i++) {
            stats.add(t);
            // one gap of 2 intervals (1 dropped) at i=100, one of 5 intervals (4 dropped) at i=500
            t += i == 100 ? 20_000_000L : i == 500 ? 50_000_000L : 10_000_000L;
        }
        assertThat(stats.medianInterval()).isEqualTo(10_000_000L);
        assertThat(stats.gapCount()).isEqualTo(2);
        assertThat(stats.droppedCount()).isEqualTo(5);
        assertThat(stats.maxInterval()).isEqualTo(50_000_000L);
    }

    @Test
    void jitterBelowOneAndAHalfIntervalsIsNotAGap() {
        IntervalStats stats = new IntervalStats();
        long t = 0;
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 5000; i++) {
            stats.add(t);
            t += 33_000_000L + random.nextInt(8_000_000);
        }
        assertThat(stats.gapCount()).isZero();
        assertThat(stats.rateHz()).isBetween(26.0, 31.0);
    }

    @Test
    void timeMustMoveForward() {
        IntervalStats stats = new IntervalStats();
        stats.add(10);
        assertThatThrownBy(() -> stats.add(10)).hasMessageContaining("not after");
        assertThatThrownBy(() -> stats.add(5)).hasMessageContaining("not after");
    }

    @Test
    void singleSampleHasNoRate() {
        IntervalStats stats = new IntervalStats();
        stats.add(42);
        assertThat(stats.rateHz()).isZero();
        assertThat(stats.medianInterval()).isZero();
        assertThat(stats.gapCount()).isZero();
    }
}
