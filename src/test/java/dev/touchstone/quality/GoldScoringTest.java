package dev.touchstone.quality;

import dev.touchstone.labeling.Label;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.touchstone.quality.QualityFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class GoldScoringTest {

    private static GoldScore score(List<Label> reference, List<Label> submission) {
        return GoldScoring.score(SCHEMA, DURATION, FRAME, reference, submission);
    }

    @Test
    void codedValuesScoreExactMatch() {
        GoldScore s = score(List.of(category("outcome", "success"), rating(4), accept(), category("objects", "cup")),
                List.of(category("outcome", "fail"), rating(4), reject("noisy"), category("objects", "cup", "box")));
        assertThat(s.perDefinition()).containsExactly(Map.entry("outcome", 0.0), Map.entry("objects", 0.5),
                Map.entry("quality", 1.0), Map.entry("verdict", 0.0));
        assertThat(s.overall()).isCloseTo(1.5 / 4, within(1e-12));
    }

    @Test
    void aRatingOneOffIsWrong() {
        assertThat(score(List.of(rating(4)), List.of(rating(5))).perDefinition().get("quality")).isZero();
    }

    @Test
    void numbersScoreWithinFivePercentOfTheLargerMagnitude() {
        assertThat(score(List.of(mass(100)), List.of(mass(104))).perDefinition().get("mass")).isEqualTo(1.0);
        assertThat(score(List.of(mass(100)), List.of(mass(105))).perDefinition().get("mass")).isEqualTo(1.0);
        assertThat(score(List.of(mass(100)), List.of(mass(106))).perDefinition().get("mass")).isZero();
        assertThat(score(List.of(mass(0)), List.of(mass(0))).perDefinition().get("mass")).isEqualTo(1.0);
    }

    @Test
    void textScoresNormalisedEditSimilarity() {
        assertThat(score(List.of(text("abcd")), List.of(text(" abce "))).perDefinition().get("desc"))
                .isCloseTo(0.75, within(1e-12));
    }

    @Test
    void phasesScoreF1At25() {
        List<Label> reference = List.of(phase("reach", 0, S), phase("grasp", S, 2 * S));
        // grasp 1.5–2 s against 1–2 s: IoU 0.5 ≥ 0.25, a hit
        assertThat(score(reference, List.of(phase("reach", 0, S), phase("grasp", 1500 * MS, 2 * S)))
                .perDefinition().get("phase")).isEqualTo(1.0);
        // reach hits; lift is a false positive, grasp a false negative: 2·1 / (2·1 + 1 + 1)
        assertThat(score(reference, List.of(phase("reach", 0, S), phase("lift", S, 2 * S)))
                .perDefinition().get("phase")).isCloseTo(0.5, within(1e-12));
        // grasp 1.8–2 s: IoU 0.2 < 0.25
        assertThat(score(reference, List.of(phase("reach", 0, S), phase("grasp", 1800 * MS, 2 * S)))
                .perDefinition().get("phase")).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void eventsScoreF1WithinTheToleranceAndTheClassMustMatch() {
        GoldScore s = score(List.of(event("on", S), event("on", 2 * S)),
                List.of(event("on", 1050 * MS), event("off", 2 * S)));
        assertThat(s.perDefinition().get("contact")).isCloseTo(0.5, within(1e-12));
        GoldScore late = score(List.of(event("on", S)), List.of(event("on", 1150 * MS)));
        assertThat(late.perDefinition().get("contact")).isZero();
    }

    @Test
    void boxesScoreF1AtIoU50() {
        // one of two reference boxes found (IoU 1), at the one sample time 0: 2·1 / (2 + 1)
        GoldScore s = score(List.of(box("bottle", "a", 0, 0, 10, 10, 0), box("cup", "b", 50, 50, 10, 10, 0)),
                List.of(box("bottle", "x", 0, 0, 10, 10, 0)));
        assertThat(s.perDefinition().get("obj")).isCloseTo(2.0 / 3, within(1e-12));
        // shifted by half its width: IoU 50/150 = 1/3 < 0.5
        GoldScore shifted = score(List.of(box("bottle", "a", 0, 0, 10, 10, 0)),
                List.of(box("bottle", "a", 5, 0, 10, 10, 0)));
        assertThat(shifted.perDefinition().get("obj")).isZero();
    }

    @Test
    void cuboidsScoreF1At3dIoU50() {
        GoldScore s = score(List.of(cuboid("a", 0, 0, 0.2, 0)), List.of(cuboid("b", 0, 0, 0.2 + 2 * Math.PI, 0)));
        assertThat(s.perDefinition().get("pose")).isEqualTo(1.0);
        GoldScore far = score(List.of(cuboid("a", 0, 0, 0, 0)), List.of(cuboid("b", 3, 0, 0, 0)));
        assertThat(far.perDefinition().get("pose")).isZero();
    }

    @Test
    void segmentValuesFollowTheirSegments() {
        Label.Phase ref = phase("grasp", S, 2 * S);
        Label.Phase sub = phase("grasp", 1100 * MS, 2 * S); // IoU 0.9
        GoldScore s = score(List.of(ref, segmentCategory(ref, "power")), List.of(sub, segmentCategory(sub, "power")));
        assertThat(s.perDefinition().get("grip")).isEqualTo(1.0);
        Label.Phase off = phase("grasp", 1600 * MS, 2 * S); // IoU 0.4: the value has no counterpart
        GoldScore unmatched = score(List.of(ref, segmentCategory(ref, "power")),
                List.of(off, segmentCategory(off, "power")));
        assertThat(unmatched.perDefinition().get("grip")).isZero();
    }

    @Test
    void overallIsTheMeanOverDefinitionsEitherSideLabelled() {
        GoldScore s = score(List.of(category("outcome", "success"), mass(100), text("abcd"), event("on", S)),
                List.of(category("outcome", "fail"), mass(104), text("abce"), rating(3)));
        // outcome 0, quality 0 (only the submission), mass 1, desc 0.75, contact 0 (only the reference)
        assertThat(s.perDefinition()).containsOnlyKeys("contact", "outcome", "quality", "mass", "desc");
        assertThat(s.perDefinition().get("contact")).isZero();
        assertThat(s.perDefinition().get("quality")).isZero();
        assertThat(s.overall()).isCloseTo(1.75 / 5, within(1e-12));
    }

    @Test
    void nothingOnEitherSideScoresOne() {
        GoldScore s = score(List.of(), List.of());
        assertThat(s.perDefinition()).isEmpty();
        assertThat(s.overall()).isEqualTo(1.0);
    }
}
