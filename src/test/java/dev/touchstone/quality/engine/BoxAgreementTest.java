package dev.touchstone.quality.engine;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BoxAgreementTest {

    @Test
    void handComputedFrame() {
        List<Box2d> a = List.of(new Box2d(0, 0, 10, 10), new Box2d(20, 20, 30, 30));
        List<Box2d> b = List.of(new Box2d(0, 0, 10, 5), new Box2d(22, 20, 32, 30), new Box2d(100, 100, 110, 110));
        // a0-b0: intersection 50, union 100 + 50 - 50 = 100 -> 0.5.
        // a1-b1: intersection 8 x 10 = 80, union 100 + 100 - 80 = 120 -> 2/3.
        // b2 overlaps nothing. Matches 2, mean IoU (1/2 + 2/3) / 2 = 7/12.
        // At 0.5 both are true positives (>= is inclusive): precision 2/3, recall 2/2, F1 = 2*2 / (2 + 3) = 4/5.
        BoxAgreement.Result r = BoxAgreement.frame(a, b, 0.5);
        assertThat(r.matches()).containsExactly(new BoxAgreement.Match(0, 0, 0.5),
                new BoxAgreement.Match(1, 1, 2.0 / 3));
        assertThat(r.meanIoU()).isCloseTo(7.0 / 12, within(1e-12));
        assertThat(r.truePositives()).isEqualTo(2);
        assertThat(r.precision()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(r.recall()).isEqualTo(1.0);
        assertThat(r.f1()).isCloseTo(0.8, within(1e-12));
        // At 0.6 only a1-b1 counts: F1 = 2 / 5; the mean IoU still covers both matches.
        BoxAgreement.Result strict = BoxAgreement.frame(a, b, 0.6);
        assertThat(strict.f1()).isCloseTo(0.4, within(1e-12));
        assertThat(strict.meanIoU()).isCloseTo(7.0 / 12, within(1e-12));
    }

    @Test
    void hungarianBeatsGreedyOnTotalIoU() {
        // Greedy on the largest IoU takes a0-b0 (0.6) and leaves a1 alone: total 0.6.
        // The optimum pairs a0-b1 and a1-b0: 0.5 + 0.55 = 1.05.
        double[][] iou = {{0.6, 0.5}, {0.55, 0}};
        assertThat(BoxAgreement.matches(iou)).containsExactly(new BoxAgreement.Match(0, 1, 0.5),
                new BoxAgreement.Match(1, 0, 0.55));
    }

    @Test
    void zeroIouPairsAreNotMatchesAndEmptyIsUndefined() {
        BoxAgreement.Result r = BoxAgreement.frame(List.of(new Box2d(0, 0, 1, 1)), List.of(new Box2d(2, 2, 3, 3)),
                0.5);
        assertThat(r.matches()).isEmpty();
        assertThat(r.meanIoU()).isNaN();
        assertThat(r.f1()).isZero();
        BoxAgreement.Result empty = BoxAgreement.frame(List.of(), List.of(), 0.5);
        assertThat(empty.f1()).isNaN();
        assertThat(empty.precision()).isNaN();
    }

    @Test
    void framesAreSummed() {
        // Frame 1: one perfect match; frame 2: a has one box, b none. TP 1, A 2, B 1: F1 = 2/3.
        BoxAgreement.Result r = BoxAgreement.frames(
                List.of(List.of(new Box2d(0, 0, 1, 1)), List.of(new Box2d(0, 0, 1, 1))),
                List.of(List.of(new Box2d(0, 0, 1, 1)), List.of()), 0.5);
        assertThat(r.f1()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(r.recall()).isEqualTo(0.5);
        assertThat(r.precision()).isEqualTo(1.0);
    }

    @Test
    void iouIsSymmetricAndBounded() {
        Random random = new Random(3);
        for (int i = 0; i < 10_000; i++) {
            Box2d p = random(random);
            Box2d q = random(random);
            assertThat(p.iou(q)).isEqualTo(q.iou(p)).isBetween(0.0, 1.0);
            assertThat(p.iou(p)).isEqualTo(1.0);
        }
    }

    @Test
    void degenerateBoxesAreRejected() {
        assertThatThrownBy(() -> new Box2d(0, 0, 0, 1)).hasMessageContaining("needs x1 < x2 and y1 < y2");
        assertThatThrownBy(() -> new Box2d(0, 0, Double.NaN, 1)).hasMessageContaining("finite");
        assertThatThrownBy(() -> BoxAgreement.frame(List.of(), List.of(), 0)).hasMessageContaining("iouThreshold");
    }

    private static Box2d random(Random r) {
        double x = r.nextDouble() * 10;
        double y = r.nextDouble() * 10;
        return new Box2d(x, y, x + 0.01 + r.nextDouble() * 5, y + 0.01 + r.nextDouble() * 5);
    }
}
