package dev.touchstone.quality.engine;

import dev.touchstone.quality.engine.UnitizingAgreement.Result;
import dev.touchstone.quality.engine.UnitizingAgreement.Unit;
import org.dkpro.statistics.agreement.unitizing.KrippendorffAlphaUnitizingAgreement;
import org.dkpro.statistics.agreement.unitizing.UnitizingAnnotationStudy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class UnitizingAgreementTest {

    private static final double EXACT = 1e-9;

    /**
     * Krippendorff (2004), Content Analysis, 2nd ed., p. 254: two observers on the continuum [150, 450), categories
     * c and k. The units are as DKPro's Krippendorff2004Test transcribes them (the book's page was not consulted
     * here); that test asserts D_O(c) = 0.0144, D_E(c) = 0.0532, α(c) = 0.7286, D_O(k) = 0.0000, D_E(k) = 0.0490,
     * α(k) = 1.0000 (to 1e-4) and α = 0.8591 (to 5e-4).
     */
    @Test
    void krippendorff2004WorkedExample() {
        Result r = UnitizingAgreement.compute(150, 300, List.of(
                new Unit(225, 70, "i", "c"), new Unit(370, 30, "i", "c"),
                new Unit(220, 80, "j", "c"), new Unit(355, 20, "j", "c"), new Unit(400, 20, "j", "c"),
                new Unit(180, 60, "i", "k"), new Unit(300, 50, "i", "k"),
                new Unit(180, 60, "j", "k"), new Unit(300, 50, "j", "k")));

        // c: the overlapping sections with a difference are [225,295) against [220,300): 5² + 5² = 50;
        // [370,400) against [355,375): 15² + 25² = 850; j's [400,420) inside i's gap [400,450): 20² = 400.
        // D_O(c) = 2 · 1300 / (2 · 1 · 300²) = 13/900.
        UnitizingAgreement.Category c = r.perCategory().get("c");
        assertExact(c.observed(), Fraction.of(13, 900));
        // D_E(c): lengths 70, 30, 80, 20, 20; gaps i: 75, 75, 50, j: 70, 55, 25, 30; denominator
        // 600 · 599 − (70·69 + 30·29 + 80·79 + 2 · 20·19) = 346620. Exactly 69179/1299825.
        assertExact(c.expected(), Fraction.of(69179, 1299825));
        assertExact(c.alpha(), Fraction.of(201615, 276716));
        assertThat(c.units()).isEqualTo(5);
        UnitizingAgreement.Category k = r.perCategory().get("k");
        assertThat(k.observed()).isZero();
        assertExact(k.expected(), Fraction.of(127621, 2605650));
        assertThat(k.alpha()).isEqualTo(1.0);
        // Overall: 1 − D_O(c) / (D_E(c) + D_E(k)), exactly 7925853267/9230432738 = 0.85867. The printed 0.8591 is
        // 1 − 0.0144 / (0.0532 + 0.0490), from the rounded intermediates.
        assertExact(r.alpha(), Fraction.of(7925853267L, 9230432738L));
        assertThat(1 - 0.0144 / (0.0532 + 0.0490)).isCloseTo(0.8591, within(0.00005));
        assertThat(r.alpha()).isCloseTo(0.8591, within(0.0005));

        PublishedExamplesTest.assertPrinted(c.observed(), "0.0144");
        PublishedExamplesTest.assertPrinted(c.expected(), "0.0532");
        PublishedExamplesTest.assertPrinted(c.alpha(), "0.7286");
        PublishedExamplesTest.assertPrinted(k.expected(), "0.0490");
        assertThat(r.notes()).isEmpty();
        assertThat(r.raters()).isEqualTo(2);
    }

    /** The small example of docs/quality/agreement.md, by hand. */
    @Test
    void handComputedExample() {
        // Continuum [0, 10); a marks grasp [2, 5), b marks grasp [3, 5).
        Result r = UnitizingAgreement.compute(0, 10, List.of(
                new Unit(2, 3, "a", "grasp"), new Unit(3, 2, "b", "grasp")));
        // Sections a: gap 2, unit [2,5), gap 5; b: gap 3, unit [3,5), gap 5. Only the two units give a difference:
        // (2 − 3)² + (5 − 5)² = 1. D_O = 2 · 1 / (2 · 1 · 10²) = 1/100.
        assertExact(r.observed(), Fraction.of(1, 100));
        // D_E: l = 3: (2 − 1) · 3·2·5/3 + 3² · [(5−2) + (3−2) + (5−2)] = 10 + 63 = 73 (gaps 2, 5, 3, 5; those ≥ 3);
        // l = 2: 1 · 2·1·3/3 + 2² · [(2−1) + (5−1) + (3−1) + (5−1)] = 2 + 44 = 46.
        // D_E = (2/10) · 119 / (20 · 19 − (3·2 + 2·1)) = 23.8 / 372 = 119/1860.
        assertExact(r.expected(), Fraction.of(119, 1860));
        // α = 1 − (1/100) / (119/1860) = 1 − 93/595 = 502/595 ≈ 0.8437.
        assertExact(r.alpha(), Fraction.of(502, 595));
        assertExact(r.perCategory().get("grasp").alpha(), Fraction.of(502, 595));
    }

    @Test
    void aRaterWhoMarkedNothingDisagrees() {
        // a marks [2, 5) in a continuum of 10, b marks nothing: D_O = 2 · 3² / (2 · 100) = 9/100;
        // D_E = (2/10) · 3² · [(5−3+1) + (10−3+1)] / (20·19 − 3·2) = 19.8 / 374; α = 1 − 0.09 · 374 / 19.8 = −0.7.
        Result r = UnitizingAgreement.compute(0, 10, List.of("a", "b"), List.of(new Unit(2, 3, "a", "grasp")));
        assertExact(r.alpha(), Fraction.of(-7, 10));
        assertThat(r.raters()).isEqualTo(2);
    }

    @Test
    void nobodyMarkedAnythingIsUndefinedNotOne() {
        Result r = UnitizingAgreement.compute(0, 10, List.of("a", "b"), List.of());
        assertThat(r.alpha()).isNaN();
        assertThat(r.perCategory()).isEmpty();
        assertThat(r.notes()).containsExactly("uAlpha is undefined: there is no unit, nobody marked anything");
    }

    @Test
    void fewerThanTwoRatersIsUndefined() {
        Result r = UnitizingAgreement.compute(0, 10, List.of(new Unit(2, 3, "a", "grasp")));
        assertThat(r.alpha()).isNaN();
        assertThat(r.perCategory().get("grasp").alpha()).isNaN();
        assertThat(r.notes()).containsExactly("uAlpha is undefined: it needs at least two raters, got 1");
    }

    @Test
    void zeroExpectedDisagreementIsUndefined() {
        // Both raters cover [0, 2) with units of length 1: nothing can vary, D_O = D_E = 0 (DKPro 2.2.1 answers 0).
        Result r = UnitizingAgreement.compute(0, 2, List.of(new Unit(0, 1, "a", "x"), new Unit(1, 1, "a", "x"),
                new Unit(0, 1, "b", "x"), new Unit(1, 1, "b", "x")));
        assertThat(r.perCategory().get("x").alpha()).isNaN();
        assertThat(r.alpha()).isNaN();
        assertThat(r.notes()).hasSize(2).allMatch(n -> n.contains("expected disagreement is 0"));
        assertThat(dkpro(0, 2, 2, List.of(new Unit(0, 1, "0", "x"), new Unit(1, 1, "0", "x"),
                new Unit(0, 1, "1", "x"), new Unit(1, 1, "1", "x"))).calculateCategoryAgreement("x")).isZero();
    }

    @Test
    void categoriesAreSeparateContinua() {
        // Overlapping units of different categories of one rater are fine; perfect agreement per category.
        Result r = UnitizingAgreement.compute(0, 10, List.of(new Unit(0, 6, "a", "x"), new Unit(4, 6, "a", "y"),
                new Unit(0, 6, "b", "x"), new Unit(4, 6, "b", "y")));
        assertThat(r.alpha()).isEqualTo(1.0);
        assertThat(r.perCategory().keySet()).containsExactly("x", "y");
    }

    @Test
    void badInput() {
        assertThatThrownBy(() -> UnitizingAgreement.compute(0, 10, List.of(new Unit(0, 6, "a", "x"),
                new Unit(5, 2, "a", "x"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rater \"a\" has overlapping units of category \"x\": [0, 6) and [5, 7)");
        assertThatThrownBy(() -> UnitizingAgreement.compute(0, 10, List.of(new Unit(8, 3, "a", "x"))))
                .hasMessage("unit 0 [8, 8 + 3) is not inside the continuum [0, 10)");
        assertThatThrownBy(() -> UnitizingAgreement.compute(5, 10, List.of(new Unit(4, 1, "a", "x"))))
                .hasMessage("unit 0 [4, 4 + 1) is not inside the continuum [5, 15)");
        assertThatThrownBy(() -> UnitizingAgreement.compute(0, 10, List.of(new Unit(3, 0, "a", "x"))))
                .hasMessage("unit 0 has length 0; a unit needs a length of at least 1");
        assertThatThrownBy(() -> UnitizingAgreement.compute(0, 0, List.of()))
                .hasMessage("the continuum length must be at least 1, got 0");
        assertThatThrownBy(() -> UnitizingAgreement.compute(0, 10, List.of("a"), List.of(new Unit(3, 1, "b", "x"))))
                .hasMessage("unit 0 has rater \"b\", who is not among the raters [a]");
        assertThatThrownBy(() -> UnitizingAgreement.compute(0, 10, List.of("a", "a"), List.of()))
                .hasMessage("rater \"a\" is listed twice");
        assertThatThrownBy(() -> UnitizingAgreement.compute(Long.MAX_VALUE - 5, 10, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Nanosecond positions: squares of 10^10 overflow a long, the exact sums do not. */
    @Test
    void largePositionsDoNotOverflow() {
        List<Unit> frames = List.of(new Unit(20, 30, "a", "grasp"), new Unit(35, 30, "b", "grasp"),
                new Unit(60, 20, "a", "lift"), new Unit(70, 30, "b", "lift"));
        double atScale6 = UnitizingAgreement.compute(0, 100_000_000L, scaled(frames, 1_000_000L)).alpha();
        double atScale9 = UnitizingAgreement.compute(0, 100_000_000_000L, scaled(frames, 1_000_000_000L)).alpha();
        // The discrete terms (l − 1, g − l + 1) fade as the unit of measurement shrinks, so α converges.
        assertThat(atScale9).isBetween(-1.0, 1.0).isCloseTo(atScale6, within(1e-5));
    }

    private static List<Unit> scaled(List<Unit> units, long factor) {
        return units.stream().map(u -> new Unit(u.offset() * factor, u.length() * factor, u.rater(), u.category()))
                .toList();
    }

    /** Seeded random studies against DKPro's KrippendorffAlphaUnitizingAgreement, per category and overall. */
    @Test
    void matchesDkproOnRandomStudies() {
        SplittableRandom random = new SplittableRandom(17);
        int compared = 0;
        int undefined = 0;
        for (int study = 0; study < 400; study++) {
            int raters = 2 + random.nextInt(4);
            int categories = 1 + random.nextInt(4);
            long begin = random.nextInt(101) - 50;
            long length = 1 + random.nextInt(study % 2 == 0 ? 30 : 400);
            List<Unit> units = new ArrayList<>();
            for (int r = 0; r < raters; r++) {
                for (int c = 0; c < categories; c++) {
                    if (random.nextInt(5) == 0) {
                        continue; // this rater marks nothing of this category
                    }
                    long pos = begin + random.nextLong(length);
                    while (pos < begin + length) {
                        long len = 1 + random.nextLong(Math.max(1, length / 3));
                        if (pos + len > begin + length) {
                            break;
                        }
                        units.add(new Unit(pos, len, Integer.toString(r), "c" + c));
                        pos += len + (random.nextInt(3) == 0 ? 0 : random.nextLong(Math.max(1, length / 4)));
                    }
                }
            }
            List<String> names = new ArrayList<>();
            for (int r = 0; r < raters; r++) {
                names.add(Integer.toString(r));
            }
            Result ours = UnitizingAgreement.compute(begin, length, names, units);
            Peer peer = dkpro(begin, length, raters, units);
            for (Map.Entry<String, UnitizingAgreement.Category> e : ours.perCategory().entrySet()) {
                double dO = peer.calculateObservedCategoryDisagreement(e.getKey());
                double dE = peer.calculateExpectedCategoryDisagreement(e.getKey());
                assertThat(e.getValue().observed()).as("D_O(%s) in study %d", e.getKey(), study)
                        .isCloseTo(dO, within(EXACT));
                assertThat(e.getValue().expected()).as("D_E(%s) in study %d", e.getKey(), study)
                        .isCloseTo(dE, within(EXACT));
                if (dO == 0 && dE == 0) {
                    assertThat(e.getValue().alpha()).isNaN(); // DKPro 2.2.1 says 0 here
                    undefined++;
                } else {
                    assertThat(e.getValue().alpha()).as("alpha(%s) in study %d", e.getKey(), study)
                            .isCloseTo(peer.calculateCategoryAgreement(e.getKey()), within(EXACT));
                    compared++;
                }
            }
            if (!ours.perCategory().isEmpty() && !Double.isNaN(ours.alpha())) {
                assertThat(ours.alpha()).as("alpha in study %d", study)
                        .isCloseTo(peer.calculateAgreement(), within(EXACT));
                assertThat(ours.observed()).isCloseTo(peer.observed(), within(EXACT));
                assertThat(ours.expected()).isCloseTo(peer.expected(), within(EXACT));
            }
        }
        assertThat(compared).isGreaterThan(800);
        assertThat(undefined).isLessThan(compared / 10);
    }

    private static Peer dkpro(long begin, long length, int raters, List<Unit> units) {
        UnitizingAnnotationStudy study = new UnitizingAnnotationStudy(raters, begin, length);
        for (Unit u : units) {
            study.addUnit(u.offset(), u.length(), Integer.parseInt(u.rater()), u.category());
        }
        return new Peer(study);
    }

    /** Opens DKPro's protected disagreements to the comparison. */
    static final class Peer extends KrippendorffAlphaUnitizingAgreement {
        Peer(UnitizingAnnotationStudy study) {
            super(study);
        }

        @Override
        public double calculateObservedCategoryDisagreement(Object category) {
            return super.calculateObservedCategoryDisagreement(category);
        }

        @Override
        public double calculateExpectedCategoryDisagreement(Object category) {
            return super.calculateExpectedCategoryDisagreement(category);
        }

        double observed() {
            return calculateObservedDisagreement();
        }

        double expected() {
            return calculateExpectedDisagreement();
        }
    }

    private static void assertExact(double actual, Fraction expected) {
        PublishedExamplesTest.assertExact(actual, expected);
    }
}
