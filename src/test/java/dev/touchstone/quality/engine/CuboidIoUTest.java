package dev.touchstone.quality.engine;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CuboidIoUTest {

    private static final double[] UNIT = {1, 1, 1};
    private static final double[] ORIGIN = {0, 0, 0};

    @Test
    void identicalBoxesHaveIouOne() {
        Cuboid a = Cuboid.ofYaw(new double[]{1, 2, 3}, new double[]{4, 2, 1.5}, 0.7);
        assertThat(CuboidIoU.iouYaw(a, a)).isCloseTo(1, within(1e-12));
        assertThat(CuboidIoU.iouGeneral(a, a)).isCloseTo(1, within(1e-12));
        Cuboid r = Cuboid.ofRotation(new double[]{1, 2, 3}, new double[]{4, 2, 1.5}, rotation(new Random(1)));
        assertThat(CuboidIoU.iou(r, r)).isCloseTo(1, within(1e-12));
    }

    @Test
    void disjointAndTouchingBoxesHaveIouZero() {
        Cuboid a = Cuboid.ofYaw(ORIGIN, UNIT, 0);
        Cuboid far = Cuboid.ofYaw(new double[]{5, 0, 0}, UNIT, 0.3);
        Cuboid touching = Cuboid.ofYaw(new double[]{1, 0, 0}, UNIT, 0);
        Cuboid above = Cuboid.ofYaw(new double[]{0, 0, 1}, UNIT, 0);
        for (Cuboid b : List.of(far, touching, above)) {
            assertThat(CuboidIoU.iouYaw(a, b)).isZero();
            assertThat(CuboidIoU.iouGeneral(a, b)).isZero();
        }
    }

    @Test
    void unitCubesOffsetByHalfAlongX() {
        // Intersection 0.5 x 1 x 1 = 0.5, union 1 + 1 - 0.5 = 1.5: IoU = 1/3.
        Cuboid a = Cuboid.ofYaw(ORIGIN, UNIT, 0);
        Cuboid b = Cuboid.ofYaw(new double[]{0.5, 0, 0}, UNIT, 0);
        assertThat(CuboidIoU.iouYaw(a, b)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(CuboidIoU.iouGeneral(a, b)).isCloseTo(1.0 / 3, within(1e-12));
        // Offset along all three axes by 0.5: intersection 1/8, union 2 - 1/8 = 15/8: IoU = 1/15.
        Cuboid c = Cuboid.ofYaw(new double[]{0.5, 0.5, 0.5}, UNIT, 0);
        assertThat(CuboidIoU.iouYaw(a, c)).isCloseTo(1.0 / 15, within(1e-12));
        assertThat(CuboidIoU.iouGeneral(a, c)).isCloseTo(1.0 / 15, within(1e-12));
    }

    @Test
    void cubeRotated45DegreesAboutZAgainstItself() {
        // The footprints are a unit square and the same square turned by 45 degrees: a regular octagon. Each corner
        // of the turned square sticks out by h = sqrt(2)/2 - 1/2 and cuts off a triangle of area h^2, so the octagon
        // has area 1 - 4 h^2 = 2 sqrt(2) - 2. With height 1: IoU = (2 sqrt 2 - 2) / (2 - (2 sqrt 2 - 2))
        // = (sqrt 2 - 1) / (2 - sqrt 2) = 1 / sqrt 2.
        Cuboid a = Cuboid.ofYaw(ORIGIN, UNIT, 0);
        Cuboid b = Cuboid.ofYaw(ORIGIN, UNIT, Math.PI / 4);
        double octagon = 2 * Math.sqrt(2) - 2;
        assertThat(CuboidIoU.intersectionYaw(a, b)).isCloseTo(octagon, within(1e-12));
        assertThat(CuboidIoU.intersectionGeneral(a, b)).isCloseTo(octagon, within(1e-12));
        assertThat(CuboidIoU.iouYaw(a, b)).isCloseTo(1 / Math.sqrt(2), within(1e-12));
        assertThat(CuboidIoU.iouGeneral(a, b)).isCloseTo(1 / Math.sqrt(2), within(1e-12));
    }

    @Test
    void containedBoxGivesTheVolumeRatio() {
        Cuboid big = Cuboid.ofRotation(ORIGIN, new double[]{4, 4, 4}, rotation(new Random(5)));
        Cuboid small = Cuboid.ofRotation(new double[]{0.1, -0.2, 0.1}, new double[]{1, 0.5, 2}, rotation(new Random(6)));
        // small fits inside big (its half-diagonal is about 1.15, big's inscribed sphere radius is 2).
        assertThat(CuboidIoU.iou(big, small)).isCloseTo(1.0 / 64, within(1e-12));
    }

    @Test
    void yawPathAgreesWithGeneralPath() {
        Random random = new Random(11);
        for (int i = 0; i < 5000; i++) {
            Cuboid a = randomYaw(random);
            Cuboid b = randomYaw(random);
            double yaw = CuboidIoU.iouYaw(a, b);
            assertThat(CuboidIoU.iouGeneral(a, b)).as("%s %s", a, b).isCloseTo(yaw, within(1e-9));
            assertThat(CuboidIoU.iou(a, b)).isEqualTo(yaw);
        }
    }

    @Test
    void generalRotationAgreesWithMonteCarlo() {
        Random random = new Random(2024);
        Cuboid a = Cuboid.ofRotation(new double[]{0, 0, 0}, new double[]{2, 1, 1.5}, rotation(random));
        Cuboid b = Cuboid.ofRotation(new double[]{0.4, 0.3, -0.2}, new double[]{1.5, 1.5, 1}, rotation(random));
        double exact = CuboidIoU.intersectionGeneral(a, b);
        // Sample uniformly inside a and count the points inside b.
        int samples = 1_000_000;
        int inside = 0;
        double[][] rb = b.rotation();
        double[] cb = b.center();
        double[] sb = b.size();
        for (int s = 0; s < samples; s++) {
            double x = (random.nextDouble() - 0.5) * 2;
            double y = (random.nextDouble() - 0.5) * 1;
            double z = (random.nextDouble() - 0.5) * 1.5;
            double[] w = {a.world(0, x, y, z), a.world(1, x, y, z), a.world(2, x, y, z)};
            boolean in = true;
            for (int axis = 0; axis < 3 && in; axis++) {
                double local = 0;
                for (int k = 0; k < 3; k++) {
                    local += rb[k][axis] * (w[k] - cb[k]);
                }
                in = Math.abs(local) <= sb[axis] / 2;
            }
            if (in) {
                inside++;
            }
        }
        double estimate = a.volume() * inside / samples;
        assertThat(exact).isGreaterThan(0.3);
        // Standard error of the estimate is below 3 * sqrt(0.25 / 1e6) = 0.0015 of a's volume (3).
        assertThat(exact).isCloseTo(estimate, within(0.005));
    }

    @Test
    void rigidMotionOfBothBoxesKeepsTheIou() {
        Random random = new Random(77);
        for (int i = 0; i < 500; i++) {
            Cuboid a = randomYaw(random);
            Cuboid b = randomYaw(random);
            double expected = CuboidIoU.iouYaw(a, b);
            double[][] r = rotation(random);
            double[] t = {random.nextGaussian() * 10, random.nextGaussian() * 10, random.nextGaussian() * 10};
            assertThat(CuboidIoU.iouGeneral(move(a, r, t), move(b, r, t))).isCloseTo(expected, within(1e-9));
        }
    }

    @Test
    void symmetricAndBounded() {
        Random random = new Random(8);
        for (int i = 0; i < 3000; i++) {
            Cuboid a = Cuboid.ofRotation(randomCenter(random), randomSize(random), rotation(random));
            Cuboid b = Cuboid.ofRotation(randomCenter(random), randomSize(random), rotation(random));
            double ab = CuboidIoU.iou(a, b);
            assertThat(ab).isBetween(0.0, 1.0);
            assertThat(CuboidIoU.iou(b, a)).isCloseTo(ab, within(1e-9));
        }
    }

    @Test
    void degenerateShapesNeverThrowOrGiveNaN() {
        Random random = new Random(99);
        double[] scales = {1e-9, 1e-6, 1, 1e6};
        for (int i = 0; i < 5000; i++) {
            double s = scales[random.nextInt(scales.length)];
            double[] size = {s * (1e-6 + random.nextDouble()), s * (random.nextBoolean() ? 1e-9 : random.nextDouble() + 1e-9),
                    s * (1e-6 + random.nextDouble())};
            Cuboid a = Cuboid.ofRotation(scaled(randomCenter(random), s), size, random.nextBoolean()
                    ? rotation(random) : axisFlip(random.nextInt(4)));
            // Often exactly coincident or sharing faces with a.
            Cuboid b = switch (random.nextInt(3)) {
                case 0 -> a;
                case 1 -> Cuboid.ofRotation(a.center(), new double[]{size[0], size[1], size[2] * 2}, a.rotation());
                default -> Cuboid.ofRotation(scaled(randomCenter(random), s), randomSize(random), rotation(random));
            };
            double iou = CuboidIoU.iou(a, b);
            assertThat(iou).as("%s %s", a, b).isBetween(0.0, 1.0).isNotNaN();
        }
    }

    @Test
    void rotationsAreCleanedUpAndYawMatricesTakeTheYawPath() {
        double[][] r = rotation(new Random(4));
        r[0][1] += 1e-8;
        Cuboid a = Cuboid.ofRotation(new double[]{1, 2, 3}, new double[]{2, 1, 0.5}, r);
        Cuboid b = Cuboid.ofRotation(new double[]{1, 2, 3}, new double[]{2, 1, 0.5}, r);
        assertThat(CuboidIoU.iou(a, b)).isCloseTo(1, within(1e-12));
        assertThat(CuboidIoU.intersectionGeneral(a, b)).isCloseTo(a.volume(), within(1e-12));
        double c = Math.cos(0.3);
        double s = Math.sin(0.3);
        Cuboid yaw = Cuboid.ofRotation(ORIGIN, UNIT, new double[][]{{c, -s, 0}, {s, c, 0}, {0, 0, 1}});
        assertThat(yaw.yawOnly()).isTrue();
        assertThat(yaw.yaw()).isCloseTo(0.3, within(1e-15));
    }

    @Test
    void badBoxesAreRejectedWithAClearMessage() {
        assertThatThrownBy(() -> Cuboid.ofYaw(ORIGIN, new double[]{1, 0, 1}, 0))
                .hasMessageContaining("must be positive and finite in every dimension");
        assertThatThrownBy(() -> Cuboid.ofYaw(ORIGIN, new double[]{1, -1, 1}, 0))
                .hasMessageContaining("must be positive");
        assertThatThrownBy(() -> Cuboid.ofYaw(ORIGIN, new double[]{1, Double.NaN, 1}, 0))
                .hasMessageContaining("must be positive");
        assertThatThrownBy(() -> Cuboid.ofYaw(ORIGIN, UNIT, Double.POSITIVE_INFINITY)).hasMessageContaining("yaw");
        assertThatThrownBy(() -> Cuboid.ofRotation(ORIGIN, UNIT, new double[][]{{2, 0, 0}, {0, 1, 0}, {0, 0, 1}}))
                .hasMessageContaining("not orthonormal");
        assertThatThrownBy(() -> Cuboid.ofRotation(ORIGIN, UNIT, new double[][]{{-1, 0, 0}, {0, 1, 0}, {0, 0, 1}}))
                .hasMessageContaining("reflection");
        assertThatThrownBy(() -> CuboidIoU.iouYaw(Cuboid.ofRotation(ORIGIN, UNIT, rotation(new Random(1))),
                Cuboid.ofYaw(ORIGIN, UNIT, 0))).hasMessageContaining("yaw-only");
    }

    @Test
    void matchingSetsOfCuboids() {
        // a0 = b1 exactly (IoU 1); a1 and b0 are unit cubes offset by 0.5 (IoU 1/3). At 0.5: TP 1, F1 = 2/4.
        List<Cuboid> a = List.of(Cuboid.ofYaw(ORIGIN, UNIT, 0), Cuboid.ofYaw(new double[]{10, 0, 0}, UNIT, 0));
        List<Cuboid> b = List.of(Cuboid.ofYaw(new double[]{10.5, 0, 0}, UNIT, 0), Cuboid.ofYaw(ORIGIN, UNIT, 0));
        BoxAgreement.Result r = CuboidAgreement.match(a, b, 0.5);
        assertThat(r.matches()).hasSize(2);
        assertThat(r.matches().get(0).b()).isEqualTo(1);
        assertThat(r.matches().get(1).b()).isZero();
        assertThat(r.matches().get(1).iou()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(r.meanIoU()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(r.f1()).isCloseTo(0.5, within(1e-12));
    }

    private static Cuboid randomYaw(Random r) {
        return Cuboid.ofYaw(randomCenter(r), randomSize(r), (r.nextDouble() - 0.5) * 4 * Math.PI);
    }

    private static double[] randomCenter(Random r) {
        return new double[]{r.nextGaussian(), r.nextGaussian(), r.nextGaussian() * 0.5};
    }

    private static double[] randomSize(Random r) {
        return new double[]{0.1 + r.nextDouble() * 3, 0.1 + r.nextDouble() * 3, 0.1 + r.nextDouble() * 2};
    }

    private static double[] scaled(double[] v, double s) {
        return new double[]{v[0] * s, v[1] * s, v[2] * s};
    }

    private static double[][] axisFlip(int k) {
        return switch (k) {
            case 0 -> new double[][]{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
            case 1 -> new double[][]{{0, -1, 0}, {1, 0, 0}, {0, 0, 1}};
            case 2 -> new double[][]{{1, 0, 0}, {0, 0, -1}, {0, 1, 0}};
            default -> new double[][]{{0, 0, 1}, {1, 0, 0}, {0, 1, 0}};
        };
    }

    /** A uniformly random rotation from a normalised Gaussian quaternion. */
    static double[][] rotation(Random r) {
        double w = r.nextGaussian();
        double x = r.nextGaussian();
        double y = r.nextGaussian();
        double z = r.nextGaussian();
        double n = Math.sqrt(w * w + x * x + y * y + z * z);
        w /= n;
        x /= n;
        y /= n;
        z /= n;
        return new double[][]{
                {1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)},
                {2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)},
                {2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)}};
    }

    private static Cuboid move(Cuboid box, double[][] r, double[] t) {
        double[] c = box.center();
        double[][] q = box.rotation();
        double[] center = new double[3];
        double[][] rot = new double[3][3];
        for (int i = 0; i < 3; i++) {
            center[i] = t[i];
            for (int k = 0; k < 3; k++) {
                center[i] += r[i][k] * c[k];
                for (int j = 0; j < 3; j++) {
                    rot[i][j] += r[i][k] * q[k][j];
                }
            }
        }
        return Cuboid.ofRotation(center, box.size(), rot);
    }
}
