package dev.touchstone.ingest.generator;

/**
 * A pinhole camera: position, orthonormal axes (right, down, forward as in OpenCV's convention, so the depth
 * intrinsics written to the bundle mean what tools expect), focal length in pixels.
 */
final class Camera {

    final double[] position;
    final double[] right;
    final double[] down;
    final double[] forward;
    final int width;
    final int height;
    final double focal;

    Camera(double[] position, double[] lookAt, int width, int height, double horizontalFovDegrees) {
        this.position = position.clone();
        this.forward = normalize(new double[]{lookAt[0] - position[0], lookAt[1] - position[1],
                lookAt[2] - position[2]});
        double[] r = normalize(cross(forward, new double[]{0, 0, 1}));
        this.right = r;
        this.down = cross(forward, r);
        this.width = width;
        this.height = height;
        this.focal = width / 2.0 / Math.tan(Math.toRadians(horizontalFovDegrees) / 2);
    }

    double cx() {
        return width / 2.0;
    }

    double cy() {
        return height / 2.0;
    }

    /** Pixel x, y and depth along the optical axis of a world point; depth <= 0 means behind the camera. */
    void project(double[] p, double[] out) {
        double dx = p[0] - position[0], dy = p[1] - position[1], dz = p[2] - position[2];
        double z = dx * forward[0] + dy * forward[1] + dz * forward[2];
        double x = dx * right[0] + dy * right[1] + dz * right[2];
        double y = dx * down[0] + dy * down[1] + dz * down[2];
        out[2] = z;
        out[0] = cx() + focal * x / z;
        out[1] = cy() + focal * y / z;
    }

    /** Unit ray through the centre of pixel (u, v); returns the cosine to the optical axis. */
    double ray(double u, double v, double[] out) {
        double x = (u + 0.5 - cx()) / focal, y = (v + 0.5 - cy()) / focal;
        for (int i = 0; i < 3; i++) {
            out[i] = forward[i] + x * right[i] + y * down[i];
        }
        double n = Math.sqrt(out[0] * out[0] + out[1] * out[1] + out[2] * out[2]);
        for (int i = 0; i < 3; i++) {
            out[i] /= n;
        }
        return 1 / n;
    }

    static double[] cross(double[] a, double[] b) {
        return new double[]{a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    static double[] normalize(double[] v) {
        double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        return new double[]{v[0] / n, v[1] / n, v[2] / n};
    }
}
