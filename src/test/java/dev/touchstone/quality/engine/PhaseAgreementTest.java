package dev.touchstone.quality.engine;

import dev.touchstone.quality.engine.PhaseAgreement.Segment;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PhaseAgreementTest {

    /**
     * 20 frames. Reference: A [0,5), B [5,12), A [12,20). Other: A [0,4), B [4,8), C [8,13), A [13,20).
     */
    private static LinkedHashMap<String, List<Segment>> example() {
        LinkedHashMap<String, List<Segment>> annotations = new LinkedHashMap<>();
        annotations.put("ref", List.of(new Segment("A", 0, 5), new Segment("B", 5, 12), new Segment("A", 12, 20)));
        annotations.put("other", List.of(new Segment("A", 0, 4), new Segment("B", 4, 8), new Segment("C", 8, 13),
                new Segment("A", 13, 20)));
        return annotations;
    }

    @Test
    void handComputedPair() {
        PhaseAgreement.Result result = PhaseAgreement.compare(20, example(), 30);
        PhaseAgreement.Pair pair = result.pairs().getFirst();
        assertThat(pair.reference()).isEqualTo("ref");
        assertThat(pair.other()).isEqualTo("other");
        // Other's segments in order, best reference segment by IoU = intersection / hull:
        //   A[0,4)   vs A[0,5):   4 / 5 = 0.8              -> hit at 10, 25, 50
        //   B[4,8)   vs B[5,12):  3 / 8 = 0.375            -> hit at 10, 25; false positive at 50
        //   C[8,13)  no C in the reference (IoU 0)          -> false positive
        //   A[13,20) vs A[12,20): 7 / 8 = 0.875            -> hit
        // F1@10 = F1@25: TP 3, FP 1, FN 0 -> 6 / 7. F1@50: TP 2, FP 2, FN 1 -> 4 / 7.
        assertThat(pair.f1At10()).isCloseTo(6.0 / 7, within(1e-12));
        assertThat(pair.f1At25()).isCloseTo(6.0 / 7, within(1e-12));
        assertThat(pair.f1At50()).isCloseTo(4.0 / 7, within(1e-12));
        // Edit: A B A against A B C A is one insertion; 100 * (1 - 1/4) = 75.
        assertThat(pair.editScore()).isCloseTo(75, within(1e-12));
        // Frames equal: 0-3 (4), 5-7 (3), 13-19 (7) = 14 of 20.
        assertThat(pair.frameAccuracy()).isCloseTo(0.7, within(1e-12));
        // Boundaries: reference 5, 12; other 4, 8, 13. Nearest: |5-4| = 1, |12-13| = 1: mean 1 frame = 1000/30 ms.
        assertThat(pair.boundaryErrorFrames()).isEqualTo(1.0);
        assertThat(pair.boundaryErrorMs()).isCloseTo(1000.0 / 30, within(1e-12));
        // Frame-level nominal alpha, two coders, 20 frames, 6 disagreeing: n = 40, marginals A 24, B 11, C 5,
        // off-diagonal coincidences 12. alpha = 1 - (n - 1) * 12 / (n^2 - sum n_c^2)
        // = 1 - 39 * 12 / (1600 - 576 - 121 - 25) = 1 - 468 / 878 = 205 / 439.
        assertThat(result.krippendorffAlpha()).isCloseTo(205.0 / 439, within(1e-12));
        // Matched boundaries: 5-4 and 12-13 (2 pairs, total 2; 5-8 would cost 4); 8 is surplus. Mean 1 frame.
        assertThat(pair.referenceBoundaries()).isEqualTo(2);
        assertThat(pair.otherBoundaries()).isEqualTo(3);
        assertThat(pair.matchedBoundaryErrorFrames()).isEqualTo(1.0);
        assertThat(pair.matchedBoundaryErrorMs()).isCloseTo(1000.0 / 30, within(1e-12));
        // alpha_U over the same segments, as units of the two raters on [0, 20).
        UnitizingAgreement.Result direct = UnitizingAgreement.compute(0, 20, List.of(
                new UnitizingAgreement.Unit(0, 5, "ref", "A"), new UnitizingAgreement.Unit(5, 7, "ref", "B"),
                new UnitizingAgreement.Unit(12, 8, "ref", "A"), new UnitizingAgreement.Unit(0, 4, "other", "A"),
                new UnitizingAgreement.Unit(4, 4, "other", "B"), new UnitizingAgreement.Unit(8, 5, "other", "C"),
                new UnitizingAgreement.Unit(13, 7, "other", "A")));
        assertThat(result.uAlpha()).isEqualTo(direct.alpha());
        assertThat(result.unitizing().perCategory()).containsOnlyKeys("A", "B", "C");
    }

    /**
     * Issue 17: 10 s at 10 fps, three phases of which Grasp lasts 3 s; the second annotator puts every boundary
     * 1.5 s later. F1@25 still says 1.00; the matched boundary error says 1500 ms and α_U says 0.66 (Grasp alone
     * −0.01, no better than chance).
     */
    @Test
    void boundariesOneAndAHalfSecondsApartOnAThreeSecondGrasp() {
        LinkedHashMap<String, List<Segment>> annotations = new LinkedHashMap<>();
        annotations.put("a", List.of(new Segment("reach", 0, 30), new Segment("grasp", 30, 60),
                new Segment("lift", 60, 100)));
        annotations.put("b", List.of(new Segment("reach", 0, 45), new Segment("grasp", 45, 75),
                new Segment("lift", 75, 100)));
        PhaseAgreement.Result r = PhaseAgreement.compare(100, annotations, 10);
        PhaseAgreement.Pair pair = r.pairs().getFirst();
        // IoU reach 30/45, grasp 15/45, lift 25/40: all at least 0.25.
        assertThat(pair.f1At25()).isEqualTo(1.0);
        assertThat(pair.f1At50()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(pair.matchedBoundaryErrorFrames()).isEqualTo(15.0);
        assertThat(pair.matchedBoundaryErrorMs()).isEqualTo(1500.0);
        // alpha_U: the sections differ only where the units do: reach 0² + 15² = 225, grasp 15² + 15² = 450,
        // lift 15² + 0² = 225, so D_O = 225/10⁴, 450/10⁴, 225/10⁴. D_E by the formulas in UnitizingAgreement:
        // reach 8443/73900, grasp 4231/95150, lift 39291/376400 (exact fractions from an independent script).
        UnitizingAgreement.Category grasp = r.unitizing().perCategory().get("grasp");
        PublishedExamplesTest.assertExact(grasp.observed(), Fraction.of(450, 10_000));
        PublishedExamplesTest.assertExact(grasp.expected(), Fraction.of(4231, 95150));
        PublishedExamplesTest.assertExact(grasp.alpha(), Fraction.of(-203, 16924));
        PublishedExamplesTest.assertExact(r.unitizing().perCategory().get("reach").alpha(),
                Fraction.of(27121, 33772));
        PublishedExamplesTest.assertExact(r.uAlpha(), Fraction.of(10181041007L, 15474418195L));
        assertThat(r.uAlpha()).isCloseTo(0.658, within(0.001));
    }

    @Test
    void matchedBoundaryErrorIsOneToOne() {
        // Reference boundaries 10, 20; other 11, 40. Nearest (directed): |10-11| + |20-11| = 10 -> 5 frames, both
        // reference boundaries leaning on 11. One to one: 10-11 and 20-40 -> (1 + 20) / 2 = 10.5.
        String[] ref = labels(50, new Segment("A", 10, 20));
        String[] other = labels(50, new Segment("A", 11, 40));
        PhaseAgreement.Pair p = PhaseAgreement.pair("r", ref, "o", other, 25);
        assertThat(p.boundaryErrorFrames()).isEqualTo(5.0);
        assertThat(p.matchedBoundaryErrorFrames()).isEqualTo(10.5);
        assertThat(p.matchedBoundaryErrorMs()).isEqualTo(420.0);
        // A surplus boundary is left out: reference 10, 20; other 9, 21, 30 -> 10-9, 20-21: mean 1.
        assertThat(PhaseAgreement.matchedBoundaryError(new int[]{10, 20}, new int[]{9, 21, 30}, 50)).isEqualTo(1.0);
        assertThat(PhaseAgreement.matchedBoundaryError(new int[]{}, new int[]{9}, 50)).isNaN();
        assertThat(PhaseAgreement.pair("r", ref, "o", other, Double.NaN).matchedBoundaryErrorMs()).isNaN();
    }

    @Test
    void anAnnotatorWithoutPhasesMakesUnitizingAlphaLowNotOne() {
        LinkedHashMap<String, List<Segment>> annotations = new LinkedHashMap<>();
        annotations.put("a", List.of(new Segment("grasp", 2, 5)));
        annotations.put("b", List.of());
        PhaseAgreement.Result r = PhaseAgreement.compare(10, annotations, 10);
        // As UnitizingAgreementTest.aRaterWhoMarkedNothingDisagrees: -0.7.
        assertThat(r.uAlpha()).isCloseTo(-0.7, within(1e-12));
        annotations.put("a", List.of());
        PhaseAgreement.Result none = PhaseAgreement.compare(10, annotations, 10);
        assertThat(none.uAlpha()).isNaN();
        assertThat(none.unitizing().notes()).containsExactly(
                "uAlpha is undefined: there is no unit, nobody marked anything");
    }

    @Test
    void msTcnTakesTheBestSegmentEvenWhenItIsAlreadyHit() {
        // 22 frames. Reference: A [0,10), B [10,12), A [12,22). Other: A [0,4), B [4,5), A [5,16), then background.
        //   A[0,4)  vs A[0,10): 4/10 = 0.4 -> hit (reference 0)
        //   B[4,5)  vs B[10,12): (5-10) / (12-4) < 0 -> false positive
        //   A[5,16) vs A[0,10): 5/16 = 0.3125; vs A[12,22): 4/17 = 0.235. Best is reference 0, already hit -> false
        //           positive, although reference 2 would pass 0.1 ("best unmatched" would give TP 2, F1 2/3).
        // TP 1, FP 2, FN 2: F1@10 = 2 / (2 + 2 + 2) = 1/3.
        String[] ref = labels(22, new Segment("A", 0, 10), new Segment("B", 10, 12), new Segment("A", 12, 22));
        String[] other = labels(22, new Segment("A", 0, 4), new Segment("B", 4, 5), new Segment("A", 5, 16));
        PhaseAgreement.Pair pair = PhaseAgreement.pair("r", ref, "o", other, Double.NaN);
        assertThat(pair.f1At10()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(pair.boundaryErrorMs()).isNaN();
        // Background counts in frame accuracy: frames 16-21 are A against background.
        // Equal frames: 0-3 A (4), 4 B/A no, 5-9 A (5), 10-11 B/A no, 12-15 A (4): 13 of 22.
        assertThat(pair.frameAccuracy()).isCloseTo(13.0 / 22, within(1e-12));
    }

    @Test
    void touchingIntervalsWithOneLabelAreOneSegmentAndBackgroundIsNoSegment() {
        String[] labels = labels(10, new Segment("A", 0, 3), new Segment("A", 3, 5), new Segment("B", 7, 9));
        assertThat(PhaseAgreement.segments(labels)).containsExactly(new Segment("A", 0, 5), new Segment("B", 7, 9));
    }

    @Test
    void editScoresOfKnownSequences() {
        // reach grasp lift place vs reach lift place: one deletion, longest 4 -> 75.
        assertThat(PhaseAgreement.editScore(seq("reach", "grasp", "lift", "place"), seq("reach", "lift", "place")))
                .isCloseTo(75, within(1e-12));
        // a b c vs c b a: two substitutions, longest 3 -> 100/3.
        assertThat(PhaseAgreement.editScore(seq("a", "b", "c"), seq("c", "b", "a"))).isCloseTo(100.0 / 3,
                within(1e-12));
        assertThat(PhaseAgreement.editScore(seq(), seq())).isEqualTo(100.0);
        assertThat(PhaseAgreement.editScore(seq("a"), seq())).isEqualTo(0.0);
    }

    @Test
    void identicalAnnotationsAgreePerfectly() {
        LinkedHashMap<String, List<Segment>> annotations = new LinkedHashMap<>();
        List<Segment> same = List.of(new Segment("reach", 0, 10), new Segment("grasp", 12, 30));
        annotations.put("a", same);
        annotations.put("b", same);
        annotations.put("c", same);
        PhaseAgreement.Result r = PhaseAgreement.compare(40, annotations, 50);
        assertThat(r.pairs()).hasSize(2);
        for (PhaseAgreement.Pair p : r.pairs()) {
            assertThat(p.f1()).containsExactly(1.0, 1.0, 1.0);
            assertThat(p.editScore()).isEqualTo(100.0);
            assertThat(p.frameAccuracy()).isEqualTo(1.0);
            assertThat(p.boundaryErrorMs()).isZero();
            assertThat(p.matchedBoundaryErrorMs()).isZero();
        }
        assertThat(r.krippendorffAlpha()).isCloseTo(1.0, within(1e-12));
        assertThat(r.uAlpha()).isEqualTo(1.0);
    }

    @Test
    void emptyAnnotationsAreUndefinedNotErrors() {
        PhaseAgreement.Pair pair = PhaseAgreement.pair("a", new String[5], "b", new String[5], 30);
        assertThat(pair.f1At50()).isNaN();
        assertThat(pair.editScore()).isEqualTo(100.0);
        assertThat(pair.frameAccuracy()).isEqualTo(1.0);
        assertThat(pair.boundaryErrorFrames()).isNaN();
        assertThat(pair.matchedBoundaryErrorFrames()).isNaN();
    }

    @Test
    void badIntervalsAreRejected() {
        assertThatThrownBy(() -> PhaseAgreement.frameLabels(10, List.of(new Segment("A", 0, 11)), "ref"))
                .hasMessageContaining("ref[0] is [0, 11), expected 0 <= start < end <= 10");
        assertThatThrownBy(() -> PhaseAgreement.frameLabels(10, List.of(new Segment("A", 4, 4)), "ref"))
                .hasMessageContaining("expected 0 <= start < end");
        assertThatThrownBy(() -> PhaseAgreement.frameLabels(10,
                List.of(new Segment("A", 0, 5), new Segment("B", 4, 6)), "ref"))
                .hasMessageContaining("ref has overlapping intervals [0, 5) and [4, 6)");
        assertThatThrownBy(() -> PhaseAgreement.frameLabels(0, List.of(), "ref")).hasMessageContaining("frames");
    }

    @Test
    void propertiesOnRandomSegmentations() {
        java.util.Random random = new java.util.Random(12);
        String[] classes = {"reach", "grasp", "lift", null};
        for (int trial = 0; trial < 2000; trial++) {
            int frames = 1 + random.nextInt(60);
            String[] a = randomLabels(random, frames, classes);
            String[] b = randomLabels(random, frames, classes);
            PhaseAgreement.Pair ab = PhaseAgreement.pair("a", a, "b", b, 25);
            PhaseAgreement.Pair ba = PhaseAgreement.pair("b", b, "a", a, 25);
            // F1 = 2 TP / (segments of a + segments of b), and a hit at a higher threshold is a hit at a lower one,
            // so F1@10 >= F1@25 >= F1@50.
            if (!Double.isNaN(ab.f1At10())) {
                assertThat(ab.f1At10()).isBetween(0.0, 1.0).isGreaterThanOrEqualTo(ab.f1At25());
                assertThat(ab.f1At25()).isGreaterThanOrEqualTo(ab.f1At50());
            }
            // Edit score and frame accuracy are symmetric; F1 need not be (MS-TCN's rule is directed).
            assertThat(ab.editScore()).isEqualTo(ba.editScore()).isBetween(0.0, 100.0);
            assertThat(ab.frameAccuracy()).isEqualTo(ba.frameAccuracy());
            // The matched boundary error is symmetric and, being one to one, never below the directed nearest one.
            assertThat(Double.compare(ab.matchedBoundaryErrorFrames(), ba.matchedBoundaryErrorFrames())).isZero();
            if (!Double.isNaN(ab.matchedBoundaryErrorFrames()) && ab.referenceBoundaries() <= ab.otherBoundaries()) {
                assertThat(ab.matchedBoundaryErrorFrames()).isGreaterThanOrEqualTo(ab.boundaryErrorFrames() - 1e-12);
            }
            PhaseAgreement.Pair self = PhaseAgreement.pair("a", a, "a", a, 25);
            assertThat(self.editScore()).isEqualTo(100.0);
            assertThat(self.frameAccuracy()).isEqualTo(1.0);
            if (!Double.isNaN(self.f1At50())) {
                assertThat(self.f1()).containsExactly(1.0, 1.0, 1.0);
            }
        }
    }

    private static String[] randomLabels(java.util.Random random, int frames, String[] classes) {
        String[] out = new String[frames];
        String current = classes[random.nextInt(classes.length)];
        for (int t = 0; t < frames; t++) {
            if (random.nextInt(6) == 0) {
                current = classes[random.nextInt(classes.length)];
            }
            out[t] = current;
        }
        return out;
    }

    private static String[] labels(int frames, Segment... segments) {
        return PhaseAgreement.frameLabels(frames, List.of(segments), "test");
    }

    private static List<Segment> seq(String... labels) {
        return java.util.stream.IntStream.range(0, labels.length).mapToObj(i -> new Segment(labels[i], i, i + 1))
                .toList();
    }
}
