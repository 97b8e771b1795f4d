package dev.touchstone.workflow.ui;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReviewFormatTest {

    @Test
    void agreementHasTwoDecimalsAndNoValueReadsNotLabelled() {
        assertThat(ReviewFormat.agreement(0.8716205)).isEqualTo("0.87");
        assertThat(ReviewFormat.agreement(1.0)).isEqualTo("1.00");
        assertThat(ReviewFormat.agreement(-0.204)).isEqualTo("-0.20");
        assertThat(ReviewFormat.agreement(null)).isEqualTo("not labelled");
        assertThat(ReviewFormat.agreement(Double.NaN)).isEqualTo("not labelled");
    }

    @Test
    void valuesHaveTwoDecimalsAndTheirUnitAndSecondsKeepMilliseconds() {
        assertThat(ReviewFormat.number(0.8716205, "kg")).isEqualTo("0.87 kg");
        assertThat(ReviewFormat.number(3.0, null)).isEqualTo("3.00");
        assertThat(ReviewFormat.number(1.2346, "s")).isEqualTo("1.235 s");
        assertThat(ReviewFormat.number(null, "kg")).isEmpty();
        assertThat(ReviewFormat.number(59.9996, "s")).isEqualTo("60.000 s");
    }

    @Test
    void shortLabelsAreDistinct() {
        assertThat(ReviewFormat.shortLabels(List.of("Simulated annotator 1", "Simulated annotator 2",
                "Simulated annotator 3"))).containsExactly("SA1", "SA2", "SA3");
        assertThat(ReviewFormat.shortLabels(List.of("Ana Annotator", "Ben Builder"))).containsExactly("AA", "BB");
        assertThat(ReviewFormat.shortLabels(List.of("Anna Adams", "Alex Arnold", "Bo"))).containsExactly("AA·1",
                "AA·2", "B");
    }
}
