package dev.touchstone.quality;

import dev.touchstone.labeling.Label;
import dev.touchstone.quality.QualityDirectory.ReferenceTask;
import dev.touchstone.quality.engine.UnitizingAgreement;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.touchstone.quality.QualityFixtures.DURATION;
import static dev.touchstone.quality.QualityFixtures.FRAME;
import static dev.touchstone.quality.QualityFixtures.MS;
import static dev.touchstone.quality.QualityFixtures.S;
import static dev.touchstone.quality.QualityFixtures.SCHEMA;
import static dev.touchstone.quality.QualityFixtures.category;
import static dev.touchstone.quality.QualityFixtures.event;
import static dev.touchstone.quality.QualityFixtures.mass;
import static dev.touchstone.quality.QualityFixtures.phase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The worked example of docs/quality/agreement.md, "Proposal sources": one source on three 3 s episodes (100 ms
 * frames), gold answers on two of them and accepted labels on the third; every expected number is counted by hand
 * in the comments (uα is checked against the engine run on the hand-built continuum instead).
 */
class SourceScoringTest {

    static final UUID E1 = new UUID(1, 1);
    static final UUID E2 = new UUID(1, 2);
    static final UUID E3 = new UUID(1, 3);
    static final Instant DAY1 = Instant.parse("2026-12-01T10:00:00Z");
    static final Instant DAY2 = Instant.parse("2026-12-02T10:00:00Z");

    static List<SourceLabels> proposals() {
        return List.of(
                new SourceLabels("signals", "v1", E1, DAY1, List.of(
                        phase("reach", 0, 1200 * MS), phase("grasp", 1200 * MS, 2100 * MS),
                        phase("lift", 2100 * MS, 3 * S),
                        event("on", 550 * MS), event("off", 2700 * MS),
                        category("outcome", "success"), mass(1.04))),
                new SourceLabels("signals", "v1", E2, DAY2, List.of(
                        phase("reach", 0, 600 * MS), phase("lift", 1500 * MS, 3 * S),
                        event("on", 1050 * MS), event("on", 2 * S),
                        category("outcome", "slip"), mass(2.5))),
                new SourceLabels("signals", "v1", E3, DAY2, List.of(phase("reach", 0, 3 * S))));
    }

    static List<ReferenceTask> references() {
        List<Label> gold1 = List.of(phase("reach", 0, S), phase("grasp", S, 2 * S), phase("lift", 2 * S, 3 * S),
                event("on", 500 * MS), event("off", 2500 * MS), category("outcome", "success"), mass(1.0));
        List<Label> gold2 = List.of(phase("reach", 0, 1500 * MS), phase("grasp", 1500 * MS, 3 * S),
                event("on", S), category("outcome", "fail"), mass(2.0));
        List<Label> accepted3 = List.of(category("outcome", "success"));
        return List.of(new ReferenceTask(new UUID(2, 1), E1, null, null, DURATION, FRAME, gold1, null),
                new ReferenceTask(new UUID(2, 2), E2, null, null, DURATION, FRAME, gold2, null),
                new ReferenceTask(new UUID(2, 3), E3, null, null, DURATION, FRAME, null, accepted3));
    }

    @Test
    void theWorkedExample() {
        List<SourceScore> scores = SourceScoring.score(SCHEMA, proposals(), references());
        // one row per definition the source proposed, in schema order; none for what it never proposed
        assertThat(scores).extracting(SourceScore::definition).containsExactly("phase", "contact", "outcome", "mass");
        assertThat(scores).allSatisfy(s -> assertThat(s.source() + " " + s.version()).isEqualTo("signals v1"));

        // ---- phases against gold: E1 and E2 laid end to end, 30 frames each ----
        // reference: reach [0,10) grasp [10,20) lift [20,30) | reach [30,45) grasp [45,60)
        // source:    reach [0,12) grasp [12,21) lift [21,30) | reach [30,36) lift [45,60)
        // IoU: 10/12, 8/11, 9/10 | 6/15 = 0.4, and lift [45,60) meets no lift of E2: a false positive
        // F1@10 = F1@25: TP 4, FP 1, FN 1 -> 8/10; F1@50: TP 3, FP 2, FN 2 -> 6/10
        // boundaries E1: 10, 20 against 12, 21 -> |Δ| 2 and 1 frames; E2: 15 against 6, 15 -> one pair, 0
        // -> 200, 100, 0 ms, median 100 ms over 3 matched boundaries
        SourceMeasures phase = scores.get(0).gold();
        assertThat(phase.episodes()).isEqualTo(2);
        assertThat(phase.referenceLabels()).isEqualTo(5);
        assertThat(phase.proposedLabels()).isEqualTo(5);
        assertThat(phase.phase().f1At10()).isCloseTo(0.8, within(1e-12));
        assertThat(phase.phase().f1At25()).isCloseTo(0.8, within(1e-12));
        assertThat(phase.phase().f1At50()).isCloseTo(0.6, within(1e-12));
        assertThat(phase.phase().boundaryErrorMedianMs()).isCloseTo(100, within(1e-9));
        assertThat(phase.phase().matchedBoundaries()).isEqualTo(3);
        assertThat(phase.phase().uAlpha()).isCloseTo(engineUAlpha(), within(1e-12)).isCloseTo(0.1363, within(1e-4));
        // trend of F1@50 by day proposed: day 1 (E1) every segment hits; day 2 (E2) none does
        assertThat(phase.trend()).extracting(DayPoint::day, DayPoint::meanAgreement, DayPoint::tasks).containsExactly(
                org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2026-12-01"), 1.0, 1),
                org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2026-12-02"), 0.0, 1));
        // against accepted labels: E3's accepted labels have no phase: "no reference", not 1.00
        assertThat(scores.get(0).consensus().scored()).isFalse();
        assertThat(scores.get(0).consensus().text()).isEqualTo("n/a: no reference");
        assertThat(scores.get(0).consensus().episodes()).isEqualTo(1);

        // ---- contact events within ±100 ms, per class ----
        // E1 on 500 vs 550 (50 ms, matched), off 2500 vs 2700 (200 ms, not); E2 on 1000 vs 1050 (matched), 2000 extra
        // matched 2, reference 3, proposed 4: F1 = 4/7, precision 2/4, recall 2/3, median |Δt| 50 ms
        SourceMeasures contact = scores.get(1).gold();
        assertThat(contact.events().f1()).isCloseTo(4.0 / 7, within(1e-12));
        assertThat(contact.events().precision()).isCloseTo(0.5, within(1e-12));
        assertThat(contact.events().recall()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(contact.events().matched()).isEqualTo(2);
        assertThat(contact.events().offsetMedianMs()).isCloseTo(50, within(1e-6));
        assertThat(contact.text()).isEqualTo("F1 0.57 (P 0.50, R 0.67; 2 matched within ±100 ms) · median |Δt| 50 ms");
        assertThat(contact.compared()).isEqualTo("2 episodes · 3 reference / 4 proposed labels");

        // ---- outcome (nominal): success/success, fail/slip ----
        // accuracy 1/2; alpha = 1 - (n-1) Σ mismatching coincidences / Σ n_c n_k (c≠k)
        //                    = 1 - 3 · 2 / (2·1·2 + 2·1·2 + 1·1·2) = 1 - 6/10 = 0.4
        SourceMeasures outcome = scores.get(2).gold();
        assertThat(outcome.values().pairs()).isEqualTo(2);
        assertThat(outcome.values().accuracy()).isCloseTo(0.5, within(1e-12));
        assertThat(outcome.values().alpha()).isCloseTo(0.4, within(1e-12));
        // against accepted labels: E3's accepted outcome, but the source proposed none there
        assertThat(scores.get(2).consensus().notScored()).isEqualTo(SourceMeasures.PROPOSED_NONE);
        assertThat(scores.get(2).consensus().text()).isEqualTo("n/a: proposed none");

        // ---- mass (interval): 1.0/1.04 agree (within 5 % of 1.04), 2.0/2.5 do not ----
        // alpha = 1 - (n-1) Σ_units δ² / Σ_all ordered pairs δ²
        //       = 1 - 3 (2·0.04² + 2·0.5²) / (2 (0.04² + 1² + 1.5² + 0.96² + 1.46² + 0.5²))
        //       = 1 - 1.5096 / 13.1096 = 0.884848
        SourceMeasures mass = scores.get(3).gold();
        assertThat(mass.values().accuracy()).isCloseTo(0.5, within(1e-12));
        assertThat(mass.values().alpha()).isCloseTo(1 - 1.5096 / 13.1096, within(1e-9));
        assertThat(mass.text()).isEqualTo("alpha 0.88 · accuracy 0.50 (1 of 2)");
    }

    /** α_U of the hand-built continuum of the phases above (engine run directly). */
    private static double engineUAlpha() {
        List<UnitizingAgreement.Unit> units = new ArrayList<>();
        int[][] reference = {{0, 10}, {10, 20}, {20, 30}, {30, 45}, {45, 60}};
        String[] referenceClasses = {"reach", "grasp", "lift", "reach", "grasp"};
        int[][] source = {{0, 12}, {12, 21}, {21, 30}, {30, 36}, {45, 60}};
        String[] sourceClasses = {"reach", "grasp", "lift", "reach", "lift"};
        for (int i = 0; i < 5; i++) {
            units.add(new UnitizingAgreement.Unit(reference[i][0], reference[i][1] - reference[i][0], "reference",
                    referenceClasses[i]));
            units.add(new UnitizingAgreement.Unit(source[i][0], source[i][1] - source[i][0], "source",
                    sourceClasses[i]));
        }
        return UnitizingAgreement.compute(0, 60, List.of("reference", "source"), units).alpha();
    }

    @Test
    void aPerfectSourceScoresOneAndNothingToCompareIsNotScored() {
        List<ReferenceTask> references = references();
        List<Label> gold1 = references.getFirst().gold();
        List<SourceScore> perfect = SourceScoring.score(SCHEMA,
                List.of(new SourceLabels("copy", "1", E1, DAY1, gold1)), references);
        SourceMeasures phase = perfect.getFirst().gold();
        assertThat(phase.phase().uAlpha()).isCloseTo(1.0, within(1e-12));
        assertThat(phase.phase().f1At50()).isEqualTo(1.0);
        assertThat(phase.phase().boundaryErrorMedianMs()).isZero();
        assertThat(perfect.get(1).gold().events().f1()).isEqualTo(1.0);
        // E1 has no accepted labels: no reference
        assertThat(perfect).allSatisfy(s -> assertThat(s.consensus().notScored())
                .isEqualTo(SourceMeasures.NO_REFERENCE));

        // proposals on an episode nobody labelled: every row n/a, with 0 episodes compared
        List<SourceScore> unlabelled = SourceScoring.score(SCHEMA,
                List.of(new SourceLabels("copy", "1", new UUID(9, 9), DAY1, gold1)), references);
        assertThat(unlabelled).isNotEmpty().allSatisfy(s -> {
            assertThat(s.gold().text()).isEqualTo("n/a: no reference");
            assertThat(s.gold().episodes()).isZero();
            assertThat(s.gold().headline()).isNull();
        });
    }

    @Test
    void aWindowedTaskComparesOnlyWhatFallsInItsWindow() {
        // the task labels [1 s, 3 s) of E1: the source's event at 550 ms and the reference's at 500 ms are outside
        List<Label> gold = List.of(event("off", 2500 * MS), phase("grasp", S, 2 * S));
        ReferenceTask window = new ReferenceTask(new UUID(2, 9), E1, S, 3 * S, DURATION, FRAME, gold, null);
        List<SourceScore> scores = SourceScoring.score(SCHEMA, proposals().subList(0, 1), List.of(window));
        SourceMeasures contact = scores.get(1).gold();
        // reference: off 2500; source in the window: off 2700 -> 200 ms, no match: F1 0 of 1 + 1
        assertThat(contact.referenceLabels()).isEqualTo(1);
        assertThat(contact.proposedLabels()).isEqualTo(1);
        assertThat(contact.events().f1()).isZero();
        // phases in window time (20 frames): reference grasp [0,10); source reach [0,2), grasp [2,11), lift [11,20)
        // grasp IoU 8/11 hits at every threshold; reach and lift are false positives: F1 = 2/(2+2+0) = 0.5
        SourceMeasures phase = scores.get(0).gold();
        assertThat(phase.proposedLabels()).as("reach [0, 1.2 s) clipped to [1 s, 1.2 s), grasp, lift").isEqualTo(3);
        assertThat(phase.phase().f1At50()).isCloseTo(0.5, within(1e-12));
    }
}
