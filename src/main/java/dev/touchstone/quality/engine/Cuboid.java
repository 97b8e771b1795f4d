package dev.touchstone.quality.engine;

import java.util.Arrays;

/**
 * An oriented 3-D box: its centre, its size (l, w, h) along its own x, y and z axes, and the rotation R that takes
 * box coordinates to world coordinates (p_world = centre + R p_box; the columns of R are the box axes in the world).
 * Sizes must be positive and finite; R must be a proper rotation (orthonormal to 1e-6, determinant +1), and is then
 * re-orthonormalised (Gram–Schmidt on its columns). {@link #yawOnly()} is true when R is exactly a rotation about the
 * world z axis (zeros in the third row and column, 1 in the corner), as {@link #ofYaw} builds.
 */
public final class Cuboid {

    private static final double ROTATION_TOLERANCE = 1e-6;

    private final double[] center;
    private final double[] size;
    private final double[][] rotation;
    private final double yaw;
    private final boolean yawOnly;

    private Cuboid(double[] center, double[] size, double[][] rotation, double yaw, boolean yawOnly) {
        this.center = center;
        this.size = size;
        this.rotation = rotation;
        this.yaw = yaw;
        this.yawOnly = yawOnly;
    }

    /** A box rotated by {@code yaw} radians about the world z axis (counter-clockwise seen from +z). */
    public static Cuboid ofYaw(double[] center, double[] size, double yaw) {
        check(center, size);
        if (!Double.isFinite(yaw)) {
            throw new IllegalArgumentException("yaw must be a finite number of radians");
        }
        double c = Math.cos(yaw);
        double s = Math.sin(yaw);
        double[][] r = {{c, -s, 0}, {s, c, 0}, {0, 0, 1}};
        return new Cuboid(center.clone(), size.clone(), r, yaw, true);
    }

    /** A box with any rotation, {@code rotation[row][column]}. */
    public static Cuboid ofRotation(double[] center, double[] size, double[][] rotation) {
        check(center, size);
        if (rotation == null || rotation.length != 3) {
            throw new IllegalArgumentException("rotation must be a 3 × 3 matrix");
        }
        double[][] r = new double[3][];
        for (int i = 0; i < 3; i++) {
            if (rotation[i] == null || rotation[i].length != 3) {
                throw new IllegalArgumentException("rotation must be a 3 × 3 matrix");
            }
            r[i] = rotation[i].clone();
            for (double x : r[i]) {
                if (!Double.isFinite(x)) {
                    throw new IllegalArgumentException("rotation entries must be finite numbers");
                }
            }
        }
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                double dot = r[0][a] * r[0][b] + r[1][a] * r[1][b] + r[2][a] * r[2][b];
                if (Math.abs(dot - (a == b ? 1 : 0)) > ROTATION_TOLERANCE) {
                    throw new IllegalArgumentException("rotation is not orthonormal (columns " + a + " and " + b
                            + " have dot product " + dot + ")");
                }
            }
        }
        double det = r[0][0] * (r[1][1] * r[2][2] - r[1][2] * r[2][1])
                - r[0][1] * (r[1][0] * r[2][2] - r[1][2] * r[2][0])
                + r[0][2] * (r[1][0] * r[2][1] - r[1][1] * r[2][0]);
        if (det < 0) {
            throw new IllegalArgumentException("rotation has determinant " + det + " (a reflection, not a rotation)");
        }
        boolean yawOnly = r[2][2] == 1 && r[0][2] == 0 && r[1][2] == 0 && r[2][0] == 0 && r[2][1] == 0;
        if (yawOnly) {
            double yaw = Math.atan2(r[1][0], r[0][0]);
            return ofYaw(center, size, yaw);
        }
        return new Cuboid(center.clone(), size.clone(), orthonormalised(r), Double.NaN, false);
    }

    /**
     * Gram–Schmidt on the columns, so that a rotation accepted within the tolerance becomes a rotation to floating
     * point precision and the box stays a rectangular box of volume l w h.
     */
    private static double[][] orthonormalised(double[][] r) {
        double[][] col = new double[3][3];
        for (int c = 0; c < 3; c++) {
            for (int k = 0; k < 3; k++) {
                col[c][k] = r[k][c];
            }
            for (int p = 0; p < c; p++) {
                double dot = col[c][0] * col[p][0] + col[c][1] * col[p][1] + col[c][2] * col[p][2];
                for (int k = 0; k < 3; k++) {
                    col[c][k] -= dot * col[p][k];
                }
            }
            double norm = Math.sqrt(col[c][0] * col[c][0] + col[c][1] * col[c][1] + col[c][2] * col[c][2]);
            for (int k = 0; k < 3; k++) {
                col[c][k] /= norm;
            }
        }
        double[][] out = new double[3][3];
        for (int c = 0; c < 3; c++) {
            for (int k = 0; k < 3; k++) {
                out[k][c] = col[c][k];
            }
        }
        return out;
    }

    private static void check(double[] center, double[] size) {
        if (center == null || center.length != 3) {
            throw new IllegalArgumentException("center must have 3 coordinates");
        }
        if (size == null || size.length != 3) {
            throw new IllegalArgumentException("size must have 3 entries (l, w, h)");
        }
        for (double x : center) {
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException("center coordinates must be finite numbers");
            }
        }
        for (double x : size) {
            if (!(x > 0) || !Double.isFinite(x)) {
                throw new IllegalArgumentException("size " + Arrays.toString(size)
                        + " must be positive and finite in every dimension (a box of zero size has no IoU)");
            }
        }
    }

    public double[] center() {
        return center.clone();
    }

    public double[] size() {
        return size.clone();
    }

    public double[][] rotation() {
        return new double[][]{rotation[0].clone(), rotation[1].clone(), rotation[2].clone()};
    }

    /** True when the rotation is about the world z axis only. */
    public boolean yawOnly() {
        return yawOnly;
    }

    /** The yaw in radians when {@link #yawOnly()}, else NaN. */
    public double yaw() {
        return yaw;
    }

    public double volume() {
        return size[0] * size[1] * size[2];
    }

    /** World coordinate {@code k} of the box point with box coordinates (x, y, z). */
    double world(int k, double x, double y, double z) {
        return center[k] + rotation[k][0] * x + rotation[k][1] * y + rotation[k][2] * z;
    }

    /** Component {@code k} of box axis {@code axis} in world coordinates. */
    double axis(int axis, int k) {
        return rotation[k][axis];
    }

    double center(int k) {
        return center[k];
    }

    double size(int k) {
        return size[k];
    }

    @Override
    public String toString() {
        return "Cuboid[center=" + Arrays.toString(center) + ", size=" + Arrays.toString(size) + ", rotation="
                + Arrays.deepToString(rotation) + "]";
    }
}
