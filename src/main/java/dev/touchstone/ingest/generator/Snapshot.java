package dev.touchstone.ingest.generator;

/**
 * The scene at one instant, in the form the cameras, the depth camera and the LiDAR need: geometry only. Ray
 * queries return the distance along a ray and which material was hit, so that depth and LiDAR intensity come from
 * the same geometry the RGB cameras draw.
 */
final class Snapshot {

    static final int NOTHING = 0, TABLE = 1, OBJECT = 2, HAND = 3, ARM = 4, FLOOR = 5, WALL = 6;
    static final double TABLE_X0 = 0.25, TABLE_X1 = 1.15, TABLE_Y = 0.65, FLOOR_Z = -0.76, WALL_X = 1.9;
    static final double HAND_RADIUS = 0.045, ARM_RADIUS = 0.04;
    private static final int ARM_SPHERES = 6;

    final double time;
    final double[][] palm = new double[2][];
    final double[][] elbow = new double[2][];
    final double[][] shoulder = new double[2][];
    final double[] objectCentre = new double[3];
    final double[] objectHalf;
    final double closure;
    /** Spheres approximating both arms (x, y, z per sphere); capsules would be exact but spheres are cheap. */
    private final double[] armSpheres = new double[2 * 2 * ARM_SPHERES * 3];

    Snapshot(Scenario scenario, double t) {
        time = t;
        double[] h = new double[9];
        for (int hand = 0; hand < 2; hand++) {
            scenario.hand(hand, t, h);
            palm[hand] = new double[]{h[0], h[1], h[2]};
            shoulder[hand] = scenario.shoulder(hand);
            elbow[hand] = scenario.elbow(hand, palm[hand]);
        }
        scenario.object(t, objectCentre);
        objectHalf = new double[]{scenario.objectSize[0] / 2, scenario.objectSize[1] / 2, scenario.objectSize[2] / 2};
        closure = scenario.closure(t);
        int k = 0;
        for (int hand = 0; hand < 2; hand++) {
            for (int segment = 0; segment < 2; segment++) {
                double[] a = segment == 0 ? shoulder[hand] : elbow[hand];
                double[] b = segment == 0 ? elbow[hand] : palm[hand];
                for (int i = 0; i < ARM_SPHERES; i++) {
                    double u = (i + 0.5) / ARM_SPHERES;
                    for (int c = 0; c < 3; c++) {
                        armSpheres[k++] = a[c] + (b[c] - a[c]) * u;
                    }
                }
            }
        }
    }

    /**
     * The nearest hit of the ray origin + s * direction (direction of unit length).
     *
     * @param hit receives the distance s at index 0; returns the material, {@link #NOTHING} if none
     */
    int cast(double[] o, double[] d, double[] hit) {
        double best = Double.POSITIVE_INFINITY;
        int material = NOTHING;
        if (d[2] < 0) {
            double s = -o[2] / d[2];
            double x = o[0] + s * d[0], y = o[1] + s * d[1];
            if (x >= TABLE_X0 && x <= TABLE_X1 && Math.abs(y) <= TABLE_Y) {
                best = s;
                material = TABLE;
            } else {
                double f = (FLOOR_Z - o[2]) / d[2];
                if (f > 0) {
                    best = f;
                    material = FLOOR;
                }
            }
        }
        if (d[0] > 0) {
            double w = (WALL_X - o[0]) / d[0];
            if (w > 0 && w < best) {
                best = w;
                material = WALL;
            }
        }
        double box = box(o, d);
        if (box < best) {
            best = box;
            material = OBJECT;
        }
        for (int hand = 0; hand < 2; hand++) {
            double s = sphere(o, d, palm[hand][0], palm[hand][1], palm[hand][2], HAND_RADIUS);
            if (s < best) {
                best = s;
                material = HAND;
            }
        }
        for (int i = 0; i < armSpheres.length; i += 3) {
            double s = sphere(o, d, armSpheres[i], armSpheres[i + 1], armSpheres[i + 2], ARM_RADIUS);
            if (s < best) {
                best = s;
                material = ARM;
            }
        }
        hit[0] = best;
        return material;
    }

    /** Slab test against the object's axis-aligned box. */
    private double box(double[] o, double[] d) {
        double near = 1e-6, far = Double.POSITIVE_INFINITY;
        for (int a = 0; a < 3; a++) {
            double lo = objectCentre[a] - objectHalf[a], hi = objectCentre[a] + objectHalf[a];
            if (Math.abs(d[a]) < 1e-12) {
                if (o[a] < lo || o[a] > hi) {
                    return Double.POSITIVE_INFINITY;
                }
                continue;
            }
            double t0 = (lo - o[a]) / d[a], t1 = (hi - o[a]) / d[a];
            near = Math.max(near, Math.min(t0, t1));
            far = Math.min(far, Math.max(t0, t1));
            if (near > far) {
                return Double.POSITIVE_INFINITY;
            }
        }
        return near;
    }

    private static double sphere(double[] o, double[] d, double cx, double cy, double cz, double r) {
        double lx = o[0] - cx, ly = o[1] - cy, lz = o[2] - cz;
        double b = lx * d[0] + ly * d[1] + lz * d[2];
        double c = lx * lx + ly * ly + lz * lz - r * r;
        double disc = b * b - c;
        if (disc < 0) {
            return Double.POSITIVE_INFINITY;
        }
        double s = -b - Math.sqrt(disc);
        return s > 1e-6 ? s : Double.POSITIVE_INFINITY;
    }
}
