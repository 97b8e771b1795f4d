package dev.touchstone.dataset.ui;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Durations are rounded to hundredths once, before they are split into hours, minutes and seconds. */
class DurationsTest {

    private static long seconds(double s) {
        return Math.round(s * 1e9);
    }

    @Test
    void roundingCarriesIntoTheMinute() {
        // 179.996 s is 3 minutes to the hundredth, not 2 minutes and 60.00 seconds.
        assertThat(Durations.format(seconds(179.996))).isEqualTo("3:00.00");
        assertThat(Durations.format(seconds(179.994))).isEqualTo("2:59.99");
    }

    @Test
    void roundingCarriesFromSecondsIntoMinutesAndHours() {
        assertThat(Durations.format(seconds(59.996))).isEqualTo("1:00.00");
        assertThat(Durations.format(seconds(59.994))).isEqualTo("59.99 s");
        assertThat(Durations.format(seconds(3599.996))).isEqualTo("1:00:00.00");
        assertThat(Durations.format(seconds(7322.5))).isEqualTo("2:02:02.50");
    }

    @Test
    void shortAndOrdinaryDurations() {
        assertThat(Durations.format(0)).isEqualTo("0.00 s");
        assertThat(Durations.format(83_450_000_000L)).isEqualTo("1:23.45");
        assertThat(Durations.format(seconds(23.45))).isEqualTo("23.45 s");
        assertThat(Durations.format(seconds(600))).isEqualTo("10:00.00");
    }
}
