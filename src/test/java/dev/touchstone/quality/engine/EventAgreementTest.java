package dev.touchstone.quality.engine;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EventAgreementTest {

    @Test
    void nearestFirstWouldLoseAPair() {
        // Tolerance 0.1. Offsets: r0-o0 0.06, r1-o0 0.04, r1-o1 0.09, r0-o1 0.19 (too far).
        // Nearest first takes r1-o0 (0.04) and then nothing else fits: 1 pair.
        // The optimum is r0-o0 and r1-o1: 2 pairs, offsets +0.06 and +0.09.
        EventAgreement.Result r = EventAgreement.match(new double[]{1.00, 1.10}, new double[]{1.06, 1.19}, 0.1);
        assertThat(r.matched()).isEqualTo(2);
        assertThat(r.matches()).extracting(EventAgreement.Match::reference).containsExactly(0, 1);
        assertThat(r.matches()).extracting(EventAgreement.Match::other).containsExactly(0, 1);
        assertThat(r.precision()).isEqualTo(1.0);
        assertThat(r.recall()).isEqualTo(1.0);
        assertThat(r.f1()).isEqualTo(1.0);
        assertThat(r.meanOffsetS()).isCloseTo(0.075, within(1e-12));
        assertThat(r.meanAbsOffsetS()).isCloseTo(0.075, within(1e-12));
    }

    @Test
    void equalCountsAreBrokenByTotalOffset() {
        // One other event can pair with either reference event; 1.8 is nearer (0.3 against 0.5).
        EventAgreement.Result r = EventAgreement.match(new double[]{1.0, 1.8}, new double[]{1.5}, 0.5);
        assertThat(r.matched()).isEqualTo(1);
        assertThat(r.matches().getFirst().reference()).isEqualTo(1);
        assertThat(r.meanOffsetS()).isCloseTo(-0.3, within(1e-12));
        assertThat(r.meanAbsOffsetS()).isCloseTo(0.3, within(1e-12));
        // precision 1/1, recall 1/2, F1 = 2 * 1 / (2 + 1) = 2/3.
        assertThat(r.precision()).isEqualTo(1.0);
        assertThat(r.recall()).isEqualTo(0.5);
        assertThat(r.f1()).isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void toleranceIsInclusiveForDecimalInput() {
        // 1.05 - 1.00 is 0.050000000000000044 in binary floating point; it still matches at 0.05.
        assertThat(EventAgreement.match(new double[]{1.00}, new double[]{1.05}, 0.05).matched()).isEqualTo(1);
        assertThat(EventAgreement.match(new double[]{1.00}, new double[]{1.051}, 0.05).matched()).isZero();
    }

    @Test
    void unsortedInputKeepsOriginalIndices() {
        EventAgreement.Result r = EventAgreement.match(new double[]{3.0, 1.0, 2.0}, new double[]{2.01, 0.98}, 0.05);
        assertThat(r.matched()).isEqualTo(2);
        // In reference time order: r1 (1.0) - o1 (0.98), r2 (2.0) - o0 (2.01).
        assertThat(r.matches()).containsExactly(new EventAgreement.Match(1, 1, 0.98 - 1.0),
                new EventAgreement.Match(2, 0, 2.01 - 2.0));
    }

    @Test
    void emptySidesAreUndefinedNotErrors() {
        EventAgreement.Result none = EventAgreement.match(new double[0], new double[0], 0.1);
        assertThat(none.f1()).isNaN();
        assertThat(none.meanOffsetS()).isNaN();
        EventAgreement.Result oneSided = EventAgreement.match(new double[]{1}, new double[0], 0.1);
        assertThat(oneSided.recall()).isZero();
        assertThat(oneSided.precision()).isNaN();
        assertThat(oneSided.f1()).isZero();
        assertThatThrownBy(() -> EventAgreement.match(new double[]{1}, new double[]{1}, -1))
                .hasMessageContaining("tolerance");
        assertThatThrownBy(() -> EventAgreement.match(new double[]{Double.NaN}, new double[]{1}, 1))
                .hasMessageContaining("not a finite time");
    }

    @Test
    void optimalAgainstBruteForce() {
        Random random = new Random(5);
        for (int trial = 0; trial < 3000; trial++) {
            double[] a = times(random, random.nextInt(6));
            double[] b = times(random, random.nextInt(6));
            double tolerance = 0.05 + random.nextDouble() * 0.3;
            EventAgreement.Result r = EventAgreement.match(a, b, tolerance);
            double[] best = brute(a, b, tolerance + EventAgreement.SLACK_S, 0, new boolean[b.length]);
            assertThat(r.matched()).as("trial %d", trial).isEqualTo((int) best[0]);
            double total = r.matches().stream().mapToDouble(m -> Math.abs(m.offsetS())).sum();
            assertThat(total).as("trial %d", trial).isCloseTo(-best[1], within(1e-9));
            // Symmetry: swapping the roles keeps the count and the total offset.
            EventAgreement.Result swapped = EventAgreement.match(b, a, tolerance);
            assertThat(swapped.matched()).isEqualTo(r.matched());
            assertThat(Double.compare(swapped.f1(), r.f1())).isZero();
        }
    }

    @Test
    void longRecordingsAreCutIntoBlocks() {
        // 200 000 events a side, one per second, the other annotator 20 ms late: a full n x m table would need
        // 4e10 cells; the blocks are single pairs.
        int n = 200_000;
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
            b[i] = i + 0.02;
        }
        EventAgreement.Result r = EventAgreement.match(a, b, 0.1);
        assertThat(r.matched()).isEqualTo(n);
        assertThat(r.meanOffsetS()).isCloseTo(0.02, within(1e-9));
    }

    private static double[] times(Random random, int n) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = Math.round(random.nextDouble() * 100) / 100.0;
        }
        return t;
    }

    /** Best (count, -total offset) over all one-to-one matchings of a[i..] into unused b. */
    private static double[] brute(double[] a, double[] b, double limit, int i, boolean[] used) {
        if (i == a.length) {
            return new double[]{0, 0};
        }
        double[] best = brute(a, b, limit, i + 1, used);
        for (int j = 0; j < b.length; j++) {
            double d = Math.abs(a[i] - b[j]);
            if (!used[j] && d <= limit) {
                used[j] = true;
                double[] rest = brute(a, b, limit, i + 1, used);
                used[j] = false;
                double count = rest[0] + 1;
                double cost = rest[1] - d;
                if (count > best[0] || (count == best[0] && cost > best[1] + 1e-12)) {
                    best = new double[]{count, cost};
                }
            }
        }
        return best;
    }
}
